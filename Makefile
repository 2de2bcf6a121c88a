# onramp: see README.md. `make` builds ./onramp; `make check` runs every test.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/onramp
LOCALEDIR ?= $(PREFIX)/share/locale
PKGS    := ncursesw libcurl libcjson libsodium sqlite3 libmicrohttpd libqrencode libpq

CC      ?= cc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl, libpq, libmicrohttpd and libqrencode are not linked:
# core/net/curl_dl.c loads libcurl on first network use, core/store/pq_dl.c
# libpq when a PostgreSQL store is opened, core/api/mhd_dl.c libmicrohttpd
# when a server starts, core/base/qr_dl.c libqrencode when a QR code is
# drawn, each by the SONAME of the library we compile against.
# SQLite, libsodium and ncursesw (with tinfo) are linked in from their
# static archives when all of them are installed (Debian's -dev packages
# ship them): every shared library costs every start its mapping and its
# symbol binding, a quarter of `systems --filter`'s time when all were
# shared (README, "Search and speed"). cJSON ships no archive and stays shared.
# `make STATIC_LIBS=` links all of them shared; a security fix in one of
# the three then needs no rebuild of onramp.
STATIC_PKGS := sqlite3 libsodium ncursesw
STATIC_DIR  := $(shell pkg-config --variable=libdir sqlite3 2>/dev/null)
STATIC_L    := $(shell pkg-config --libs-only-l $(STATIC_PKGS) 2>/dev/null)
STATIC_A    := $(wildcard $(STATIC_L:-l%=$(STATIC_DIR)/lib%.a))
STATIC_LIBS ?= $(if $(STATIC_L),$(if $(filter $(words $(STATIC_L)),$(words $(STATIC_A))),yes))
comma := ,
SHARED_PKGS := $(filter-out libcurl libpq libmicrohttpd libqrencode $(if $(STATIC_LIBS),$(STATIC_PKGS)),$(PKGS))
PKG_LIBS   := $(if $(STATIC_LIBS),-Wl$(comma)-Bstatic $(STATIC_L) -Wl$(comma)-Bdynamic) \
	$(shell pkg-config --libs $(SHARED_PKGS) 2>/dev/null) -ldl
CURL_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libcurl 2>/dev/null)/libcurl.so" 2>/dev/null | sed -n 's/^ *SONAME *//p')
MHD_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libmicrohttpd 2>/dev/null)/libmicrohttpd.so" 2>/dev/null | sed -n 's/^ *SONAME *//p')
PQ_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libpq 2>/dev/null)/libpq.so" 2>/dev/null | sed -n 's/^ *SONAME *//p')
QR_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libqrencode 2>/dev/null)/libqrencode.so" 2>/dev/null | sed -n 's/^ *SONAME *//p')
WARN    := -Wall -Wextra -Wshadow -Wformat=2 -Wno-missing-field-initializers
CFLAGS  ?= -O2 -g
# The release binary only: -O3 with link-time optimisation, so the small
# per-field functions of reading orders (po.c, decimal.c, json.c) inline
# into the readers across files. Measured with callgrind on `onramp orders
# --jsonl`, 10,000 orders: SAP 633M -> 605M instructions, Business Central
# 598M -> 579M (each alone gave a third of that). The objects stay fat:
# the bench tools link them without LTO. `make RELEASE_OPT=` drops it.
RELEASE_OPT ?= -O3 -flto=auto -ffat-lto-objects
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(PKG_CFLAGS) $(CORE_INC) -DONRAMP_DATADIR='"$(DATADIR)"' -DONRAMP_LOCALEDIR='"$(LOCALEDIR)"' \
	$(if $(CURL_SONAME),-DONRAMP_CURL_SONAME='"$(CURL_SONAME)"') $(if $(PQ_SONAME),-DONRAMP_PQ_SONAME='"$(PQ_SONAME)"') \
	$(if $(MHD_SONAME),-DONRAMP_MHD_SONAME='"$(MHD_SONAME)"') $(if $(QR_SONAME),-DONRAMP_QR_SONAME='"$(QR_SONAME)"') $(CFLAGS)
LDLIBS  := $(PKG_LIBS) -lm
# The fuzz targets replace libsodium's guarded allocator (tests/fuzz/secmem.c),
# which only a shared libsodium lets them do: they link everything shared.
SHARED_LDLIBS := $(shell pkg-config --libs $(filter-out libcurl libpq libmicrohttpd libqrencode,$(PKGS)) 2>/dev/null) -ldl -lm

# core/ groups its files by job, one folder each (CONTRIBUTING.md); every
# folder is on the include path, so a file names a header by its name.
CORE_DIRS := $(sort $(dir $(wildcard core/*/)))
CORE_INC  := -Icore $(addprefix -I,$(CORE_DIRS))
CORE_SRC := $(wildcard core/*.c core/*/*.c)
TUI_SRC  := $(wildcard tui/*.c)
CLI_SRC  := $(wildcard cli/*.c)
TEST_SRC := $(wildcard tests/unit/*.c)
CATALOG  := $(wildcard core/catalog/*.json)

# Release objects live in build/rel, sanitizer objects in build/san.
REL := build/rel
SAN := build/san
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -Werror

.PHONY: po locales fuzz fuzz-build all run check check-sap check-faults test unit e2e bench soak fmt screenshots catalog install uninstall clean deps-run deps-check
all: onramp locales

# ---- languages (README "Languages"): po/LANG.po -> build/locale/LANG/LC_MESSAGES/onramp.mo,
# the folder the program reads when run from the clone (core/base/i18n.c).
# `make po` extracts every marked text into po/onramp.pot and merges it
# into the catalogs; translators then fill in what is new or fuzzy.
LINGUAS := de es fr pt_BR
MO := $(LINGUAS:%=build/locale/%/LC_MESSAGES/onramp.mo)
locales: $(MO)
build/locale/%/LC_MESSAGES/onramp.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $<"
	@msgfmt --check -o $@ $<
po:
	@sh tools/i18n/extract.sh po/onramp.pot
	@for l in $(LINGUAS); do msgmerge --quiet --update --backup=none po/$$l.po po/onramp.pot || exit 1; done
	@for l in $(LINGUAS); do printf '%s: ' $$l; msgfmt --check --statistics -o /dev/null po/$$l.po; done

define objs
$(patsubst %.c,$(1)/%.o,$(2)) $(1)/core/catalog/catalog_blob.o $(1)/core/catalog/catalog_index_blob.o $(1)/core/api/openapi_blob.o
endef

# -MMD -MP: each object's header dependencies, written by the compiler
# beside it (.d) and read back below, so a changed header rebuilds exactly
# the objects that include it, and a deleted one breaks nothing.
DEPFLAGS := -MMD -MP
$(REL)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(RELEASE_OPT) $(DEPFLAGS) -c $< -o $@
$(SAN)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(DEPFLAGS) -Itests/unit -c $< -o $@
-include $(shell find $(REL) $(SAN) -type f -name '*.d' 2>/dev/null)
# The catalog is embedded with .incbin so a fresh install needs no data files.
$(REL)/core/catalog/catalog_blob.o $(SAN)/core/catalog/catalog_blob.o: core/catalog/catalog_blob.S $(CATALOG)
	@mkdir -p $(dir $@)
	@$(CC) -c core/catalog/catalog_blob.S -o $@
# The API's OpenAPI document, served at /v1/openapi.json.
$(REL)/core/api/openapi_blob.o $(SAN)/core/api/openapi_blob.o: core/api/openapi_blob.S docs/openapi.json
	@mkdir -p $(dir $@)
	@$(CC) -c core/api/openapi_blob.S -o $@
# The search index (core/catalog/catalog_index.h) is made from that same JSON by a
# tool built here with the program's own catalog loader, then embedded too.
INDEX_TOOL_SRC := tools/catalog_index.c core/catalog/catalog.c core/catalog/catalog_scan.c core/catalog/catalog_brief.c core/base/util.c core/base/json_arena.c \
	core/base/error.c core/catalog/search.c core/catalog/search_blob.c core/catalog/match.c core/base/utf8.c \
	core/auth/registry.c core/catalog/dropin_cache.c core/base/fasthash.c core/store/paths.c
build/catalog_index: $(INDEX_TOOL_SRC) core/catalog/catalog_blob.S $(CATALOG) $(wildcard core/*.h core/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $(INDEX_TOOL_SRC) core/catalog/catalog_blob.S $(shell pkg-config --libs libcjson libsodium 2>/dev/null)
build/catalog.idx: build/catalog_index
	@echo "  INDEX   $@"
	@./build/catalog_index $@
$(REL)/core/catalog/catalog_index_blob.o $(SAN)/core/catalog/catalog_index_blob.o: core/catalog/catalog_index_blob.S build/catalog.idx
	@mkdir -p $(dir $@)
	@$(CC) -c core/catalog/catalog_index_blob.S -o $@

onramp: $(call objs,$(REL),$(CORE_SRC) $(TUI_SRC) $(CLI_SRC))
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(RELEASE_OPT) -o $@ $^ $(LDLIBS)
build/onramp-san: $(call objs,$(SAN),$(CORE_SRC) $(TUI_SRC) $(CLI_SRC))
	@echo "  LD      $@"
	@$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)
build/unit-san: $(call objs,$(SAN),$(CORE_SRC) $(TEST_SRC))
	@echo "  LD      $@"
	@$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

deps-run:
	@sh tools/deps.sh run
deps-check:
	@sh tools/deps.sh check

run: deps-run
	@$(MAKE) --no-print-directory onramp
	./onramp

# Warnings are errors and both sanitizers are on for everything the tests run.
# Two compile jobs unless the caller chose -j, so that a plain `make check`
# on a clean clone (.ci/run) does not build on one core.
check: deps-check
	@$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j2) build/onramp-san build/unit-san locales CFLAGS="-O1 -g"
	@sh tests/run-all.sh

# Opt-in, never in `make check` or CI: the SAP reader against SAP's CAP
# (tools/check_sap.sh asks you to accept the SAP Developer License first,
# then installs CAP from npm outside the clone).
check-sap:
	@$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j2) build/onramp-san CFLAGS="-O1 -g"
	@sh tools/check_sap.sh

# The unit suites alone, in parallel; suites that need the fixture servers
# start their own (tests/unit/suite.sh).
unit: build/unit-san
	@sh tests/run-all.sh unit

# The webhook fault run at full size (issue 15): 10,000 events through a
# proxy that fails, times out, loses answers and delays, with both sides
# SIGKILLed 5 times; a few minutes, so not part of make check (which runs
# the same test with 2,000 events).
check-faults: build/onramp-san
	@FAULT_EVENTS=10000 FAULT_KILLS=5 sh tests/run-one.sh e2e/test_webhook_faults

bench: onramp build/mhd-static build/sync-floor
	@sh tools/bench.sh
	@sh tools/bench_orders.sh
	@sh tools/bench_sync.sh
	@sh tools/bench_api.sh
	@sh tools/bench_pg.sh

# The documented kill run (issue 14), not part of `make check` (which runs
# 100 kills): 1,000 SIGKILLs of syncs at random moments, on the release
# binary (a copy, so a rebuild meanwhile changes nothing), 500 orders a
# source, commit groups mixed (the default, 100 and 300 orders). The TAP
# goes to build/soak/soak.tap; the figures are printed.
soak: onramp
	@mkdir -p build/soak && cp onramp build/soak/onramp
	@ONRAMP=build/soak/onramp SYNC_KILLS=$${SYNC_KILLS:-1000} SYNC_ORDERS=$${SYNC_ORDERS:-500} \
		SYNC_COMMIT=$${SYNC_COMMIT:-mix} bash tests/store/sync_kill.sh >build/soak/soak.tap; \
		rc=$$?; grep -v '^ok' build/soak/soak.tap; exit $$rc

# clang-format with .clang-format. `make fmt FILES="core/a.c core/a.h"`
# formats those files whole; plain `make fmt` formats only the lines changed
# since the last commit (clang-format-diff) and new C files, so nobody's
# untouched code is reformatted wholesale.
fmt:
	@if [ -n "$(FILES)" ]; then clang-format -i $(FILES); else \
		git diff -U0 --no-color HEAD -- '*.c' '*.h' | clang-format-diff -p1 -i; \
		git ls-files --others --exclude-standard -- '*.c' '*.h' | xargs -r clang-format -i; fi

screenshots: onramp locales
	@sh tests/e2e/screenshots.sh

catalog:
	@sh tools/catalog/generate.sh

install: onramp locales
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/themes
	install -m 0755 onramp $(DESTDIR)$(BINDIR)/onramp
	install -m 0644 onramp.1 $(DESTDIR)$(MANDIR)/man1/onramp.1
	install -m 0644 themes/*.theme $(DESTDIR)$(DATADIR)/themes/
	for l in $(LINGUAS); do install -D -m 0644 build/locale/$$l/LC_MESSAGES/onramp.mo \
		$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/onramp.mo; done
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/onramp $(DESTDIR)$(MANDIR)/man1/onramp.1
	rm -rf $(DESTDIR)$(DATADIR)
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/onramp.mo; done

clean:
	rm -rf build onramp

# ---- bench: `make bench` runs tools/bench.sh, which builds these -------------
build/bench-runner: tools/bench/runner.c tools/bench/clock.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -o $@ $<
build/keystroke: tools/bench/keystroke.c $(call objs,$(REL),$(CORE_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)
# the floor of an initial sync: its rows written by core/store alone
build/sync-floor: tools/bench/sync_floor.c tools/bench/clock.h $(call objs,$(REL),$(CORE_SRC))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(filter %.o,$^) $(LDLIBS)

# ---- fuzzing (clang's libFuzzer): make fuzz FUZZ_SECONDS=60 ---------------
# core/ is compiled once for the fuzzers (build/fuzz/obj, instrumented with
# -fsanitize=fuzzer-no-link) into an archive; each tests/fuzz/fuzz_NAME.c
# links against it as build/fuzz-NAME. tools/fuzz.sh runs every target on
# its seed corpus (tests/fuzz/corpus/NAME) and prints executions, coverage
# and crashes per target; a short run of each is a suite of `make check`
# (tests/fuzz/smoke.sh), so a target that stops building fails CI.
FUZZ_SECONDS ?= 30
FUZZ_CORE := $(filter-out core/cmd_%.c,$(CORE_SRC))
FUZZ_OBJ := build/fuzz/obj
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer $(PKG_CFLAGS) $(CORE_INC) \
	$(if $(CURL_SONAME),-DONRAMP_CURL_SONAME='"$(CURL_SONAME)"')
FUZZ_BLOBS := core/catalog/catalog_blob.S core/catalog/catalog_index_blob.S core/api/openapi_blob.S
FUZZ_TARGETS := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
$(FUZZ_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -MMD -MP -c $< -o $@
$(FUZZ_OBJ)/blobs.o: $(FUZZ_BLOBS) $(CATALOG) build/catalog.idx docs/openapi.json
	@mkdir -p $(dir $@)
	@clang -c core/catalog/catalog_blob.S -o $(FUZZ_OBJ)/blob1.o
	@clang -c core/catalog/catalog_index_blob.S -o $(FUZZ_OBJ)/blob2.o
	@clang -c core/api/openapi_blob.S -o $(FUZZ_OBJ)/blob3.o
	@ld -r -o $@ $(FUZZ_OBJ)/blob1.o $(FUZZ_OBJ)/blob2.o $(FUZZ_OBJ)/blob3.o
build/fuzz/libcore.a: $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(FUZZ_CORE)) $(FUZZ_OBJ)/blobs.o
	@rm -f $@
	@ar rcs $@ $^
build/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/secmem.c $(wildcard tests/fuzz/*.h) build/fuzz/libcore.a
	@echo "  FUZZ    $@"
	@clang $(FUZZ_CFLAGS) -Itests/fuzz -fsanitize=fuzzer,address,undefined -o $@ $< tests/fuzz/secmem.c \
		-Wl,--whole-archive $(FUZZ_OBJ)/blobs.o -Wl,--no-whole-archive build/fuzz/libcore.a $(SHARED_LDLIBS)
-include $(shell find $(FUZZ_OBJ) -name '*.d' 2>/dev/null)
fuzz-build: $(FUZZ_TARGETS:%=build/fuzz-%)
fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tools/fuzz.sh $(FUZZ_TARGETS)

# ---- bench of the API: the same MHD design serving bytes from memory ------
build/mhd-static: tools/bench/mhd_static.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -o $@ $< $(shell pkg-config --cflags --libs libmicrohttpd)
build/bench-pty: tools/bench/pty.c tools/bench/clock.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -o $@ $< -lutil
