/* The default catalog, embedded in the binary (see core/catalog/catalog.c). */
	.section .rodata
	.global catalog_curated_json
	.global catalog_curated_json_end
	.balign 16
catalog_curated_json:
	.incbin "core/catalog/curated.json"
catalog_curated_json_end:
	.byte 0
	.global catalog_generated_json
	.global catalog_generated_json_end
	.balign 16
catalog_generated_json:
	.incbin "core/catalog/generated.json"
catalog_generated_json_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
