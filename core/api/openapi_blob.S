/* docs/openapi.json, embedded: GET /v1/openapi.json (core/api/api.c). */
	.section .rodata
	.global api_openapi_json
	.global api_openapi_json_end
	.balign 16
api_openapi_json:
	.incbin "docs/openapi.json"
api_openapi_json_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
