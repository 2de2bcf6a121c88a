/* unit.h: units of measure as UN/ECE Recommendation 20 common codes, from
 * what sources send: Tryton's symbols ("u", "kg"), SAP's internal and ISO
 * codes ("ST", "PC", "KG"), Business Central's codes ("PCS", "BOX"),
 * NetSuite's names ("Each"). */
#ifndef ONRAMP_UNIT_H
#define ONRAMP_UNIT_H

/* The Rec 20 code ("H87" for a piece), or NULL when unknown (the caller warns). */
const char *unit_code(const char *source_unit);
#endif
