/* pq_dl.h: libpq, loaded when the program first opens a PostgreSQL store.
 *
 * Linking libpq made every start load it and its dozen libraries
 * (Kerberos, LDAP, SASL, OpenSSL), about a third of the program's
 * libraries, for the few installs that use PostgreSQL: `validate` and the
 * wizard's first screen paid for them on SQLite too. As with libcurl
 * (net/curl_dl.h), the binary does not link it; this header maps each PQ*
 * function db_pg.c calls onto a table filled by dlopen in pq_dl_load. */
#ifndef ONRAMP_PQ_DL_H
#define ONRAMP_PQ_DL_H
#include <libpq-fe.h>
#include <stdbool.h>

#define PQ_DL_FUNCS(X) \
	X(clear) X(cmdTuples) X(connectdb) X(errorMessage) X(exec) X(execParams) X(execPrepared) \
	X(finish) X(freemem) X(getisnull) X(getvalue) X(ntuples) X(prepare) X(reset) \
	X(resultErrorField) X(resultErrorMessage) X(resultStatus) X(setNoticeProcessor) X(status) \
	X(transactionStatus) X(unescapeBytea)

struct pq_fns {
#define PQ_DL_MEMBER(f) __typeof__(&PQ##f) f;
	PQ_DL_FUNCS(PQ_DL_MEMBER)
#undef PQ_DL_MEMBER
};

/* Loads libpq once; false (with dlerror's words or the missing name in
 * why) when it cannot. */
bool pq_dl_load(const char **why);
/* The table; only after a successful pq_dl_load (db_pg.c opens first). */
extern struct pq_fns pq_dl;

#define PQclear (pq_dl.clear)
#define PQcmdTuples (pq_dl.cmdTuples)
#define PQconnectdb (pq_dl.connectdb)
#define PQerrorMessage (pq_dl.errorMessage)
#define PQexec (pq_dl.exec)
#define PQexecParams (pq_dl.execParams)
#define PQexecPrepared (pq_dl.execPrepared)
#define PQfinish (pq_dl.finish)
#define PQfreemem (pq_dl.freemem)
#define PQgetisnull (pq_dl.getisnull)
#define PQgetvalue (pq_dl.getvalue)
#define PQntuples (pq_dl.ntuples)
#define PQprepare (pq_dl.prepare)
#define PQreset (pq_dl.reset)
#define PQresultErrorField (pq_dl.resultErrorField)
#define PQresultErrorMessage (pq_dl.resultErrorMessage)
#define PQresultStatus (pq_dl.resultStatus)
#define PQsetNoticeProcessor (pq_dl.setNoticeProcessor)
#define PQstatus (pq_dl.status)
#define PQtransactionStatus (pq_dl.transactionStatus)
#define PQunescapeBytea (pq_dl.unescapeBytea)
#endif
