/* The readers onramp has: one line each, like the auth modules. */
#include "data/reader.h"
#include "i18n.h"
#include <string.h>

extern const struct reader reader_tryton, reader_sap_s4, reader_bc;
extern const struct reader reader_netsuite, reader_b1, reader_odoo, reader_fo;
extern const struct reader reader_maximo, reader_erpnext, reader_acumatica;
extern const struct reader reader_oracle;

static const struct reader *const readers[] = {
	&reader_tryton,
	&reader_sap_s4,
	&reader_bc,
	&reader_netsuite,
	&reader_b1,
	&reader_odoo,
	&reader_fo,
	&reader_maximo,
	&reader_erpnext,
	&reader_acumatica,
	&reader_oracle,
	NULL,
};

const struct reader *const *reader_all(void)
{
	return readers;
}

const struct reader *reader_for(const char *system_id)
{
	for (int i = 0; system_id && readers[i]; i++)
		for (const char *const *s = readers[i]->systems; s && *s; s++)
			if (!strcmp(*s, system_id))
				return readers[i];
	return NULL;
}

const char *const *reader_models(const char *system_id)
{
	static const char *const po[] = {"purchase_order", NULL}, *const none[] = {NULL};
	return reader_for(system_id) ? po : none;
}

const char *reader_models_words(const char *system_id)
{
	return reader_for(system_id) ? _("purchase orders") : NULL;
}
