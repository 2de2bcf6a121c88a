/* The search index of the default catalog, written at build time by
 * tools/catalog_index.c from the JSON that catalog_blob.S embeds
 * (see core/catalog/catalog_index.h). */
	.section .rodata
	.global catalog_index_blob
	.global catalog_index_blob_end
	.balign 16
catalog_index_blob:
	.incbin "build/catalog.idx"
catalog_index_blob_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
