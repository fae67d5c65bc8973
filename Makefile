# capamatch — plain make. `make demo` and `make check` install what is
# missing first (scripts/install-deps), so both work on a bare Debian.

PREFIX  ?= /usr/local
DESTDIR ?=
DATADIR  = $(PREFIX)/share/capamatch
LIBDIR  ?= $(PREFIX)/lib
MANDIR  ?= $(PREFIX)/share/man
# The library's version is engine/capamatch.h's CM_VERSION; its soname has
# the major version.
VERSION := $(shell sed -n 's/^\#define CM_VERSION[[:space:]]*"\(.*\)"/\1/p' engine/capamatch.h)
MAJOR   := $(firstword $(subst ., ,$(VERSION)))
SONAME   = libcapamatch.so.$(MAJOR)
BUILD   ?= build

PKGS     = libxml-2.0 lua5.4 nettle libpcre2-8
CC      ?= cc
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
# The library's layers are engine's folders (doc/layout.md; tests/layers
# checks their order); a file directly in engine/ is built into the library
# too. Every folder is on the include path, so an #include names the header
# alone.
ENGINE_DIRS := engine $(patsubst %/,%,$(sort $(wildcard engine/*/)))
ENGINE_H  = $(wildcard $(addsuffix /*.h,$(ENGINE_DIRS)))
CPPFLAGS = -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(addprefix -I,$(ENGINE_DIRS)) -Iicf
ALL_CFLAGS = -std=c11 $(WARN) -fvisibility=hidden -fPIC $(CFLAGS) $(SANITIZE)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Lua is linked statically when Debian's archive is there: a cold `check`
# of the order picker spent about 0.6 ms of its 10 ms in the dynamic
# loader's relocations for liblua (make bench, 2026-12-01).
LUA_A    = $(shell pkg-config --variable=libdir lua5.4 2>/dev/null)/liblua5.4.a
LUA_LIBS = $(if $(wildcard $(LUA_A)),$(LUA_A) -ldl,$(shell pkg-config --libs lua5.4 2>/dev/null))
PKG_LIBS   = $(shell pkg-config --libs libxml-2.0 nettle libpcre2-8 2>/dev/null) $(LUA_LIBS) -lm
# The shared library links Lua's shared library: Debian's archive is not
# position-independent code.
SO_LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

# The CLI (engine/cli/) uses only the public header; the rest is the library.
CLI_SRC  = $(wildcard engine/cli/*.c)
CLI_OBJ  = $(CLI_SRC:engine/%.c=$(BUILD)/obj/%.o)
LIB_SRC  = $(filter-out $(CLI_SRC),$(wildcard $(addsuffix /*.c,$(ENGINE_DIRS)))) $(wildcard icf/*.c)
LIB_OBJ  = $(patsubst icf/%.c,$(BUILD)/obj/icf-%.o,$(LIB_SRC:engine/%.c=$(BUILD)/obj/%.o)) \
           $(BUILD)/obj/gen-rule_chunks.o
# The shipped rule files, compiled into the library (engine/host/chunks.h):
# a cold check no longer compiles their text.
CHUNK_SRC = rules/lib/capamatch.lua $(sort $(wildcard rules/*.lua))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# The bench programs (bench/): bench_api sees only the public header, so the
# same source is linked against this tree's library and against $(BEFORE)'s.
BENCH_BIN    = $(BUILD)/bench_api $(BUILD)/bench_hand $(BUILD)/bench_eval $(BUILD)/prof_match
BENCH_KADER  = bench/kader_job.c bench/kader.h
XML_LIBS     = $(shell pkg-config --libs libxml-2.0 2>/dev/null) -lm
CLIPS_H      = /usr/include/clips/clips.h

# The project before issue 21: its tree from git (so a fresh clone has it),
# built by its own Makefile, kept until make clean. Its libraries are the
# ones its Makefile linked, named here, whatever this tree's link becomes.
BEFORE_COMMIT = 168a7c3
BEFORE        = build/before-$(BEFORE_COMMIT)
BEFORE_LIBS   = $(shell pkg-config --libs libxml-2.0 nettle libpcre2-8 2>/dev/null) $(LUA_LIBS) -lm

.PHONY: all deps demo check unit install uninstall clean format fuzz bench

all: $(BUILD)/capamatch $(BUILD)/libcapamatch.so.$(VERSION)

deps:
	@scripts/install-deps

# `make V=1` shows every command.
Q = $(if $(V),,@)

$(BUILD)/obj/%.o: engine/%.c $(ENGINE_H) icf/*.h | $(BUILD)/obj
	@echo "  CC      $<"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) -DCM_DATADIR='"$(DATADIR)"' -c $< -o $@

$(BUILD)/obj/icf-%.o: icf/%.c icf/*.h $(ENGINE_H) | $(BUILD)/obj
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) -c $< -o $@

# The compiler runs at build time: no sanitizer, and the Lua capamatch links.
$(BUILD)/rule-chunks: scripts/rule-chunks.c engine/host/chunks.h | $(BUILD)/obj
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 $(WARN) -O2 $< $(LUA_LIBS) \
	    $(shell pkg-config --libs nettle 2>/dev/null) -lm -o $@

$(BUILD)/gen/rule_chunks.c: $(BUILD)/rule-chunks $(CHUNK_SRC)
	@echo "  GEN     $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(BUILD)/rule-chunks $(CHUNK_SRC) >$@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen-rule_chunks.o: $(BUILD)/gen/rule_chunks.c engine/host/chunks.h
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libcapamatch.a: $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

# The shared library: soname with the major version; only the CM_API
# symbols are exported (-fvisibility=hidden).
$(BUILD)/libcapamatch.so.$(VERSION): $(LIB_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined $(ALL_CFLAGS) $^ $(SO_LIBS) -o $@
	$(Q)ln -sf libcapamatch.so.$(VERSION) $(BUILD)/$(SONAME)
	$(Q)ln -sf $(SONAME) $(BUILD)/libcapamatch.so


$(BUILD)/capamatch: $(CLI_OBJ) $(BUILD)/libcapamatch.a
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $^ $(PKG_LIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/*.h $(BUILD)/libcapamatch.a | $(BUILD)/tests
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(shell pkg-config --cflags cmocka) $(ALL_CFLAGS) \
	    -Wno-missing-prototypes $< $(BUILD)/libcapamatch.a $(PKG_LIBS) \
	    $(shell pkg-config --libs cmocka) -o $@

$(BUILD)/obj $(BUILD)/tests:
	$(Q)mkdir -p $@

demo: deps
	@$(MAKE) -s --no-print-directory all
	@echo '$$ capamatch check examples/jobs/orderpicker.xml --age 47'
	@$(BUILD)/capamatch check examples/jobs/orderpicker.xml --age 47; \
	    echo "(exit status $$?: 0 feasible, 1 with adaptations or not feasible, 3 incomplete)"

# Every suite; the last line is the total, as CI expects.
check: deps
	@$(MAKE) --no-print-directory all unit
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS='-O1 -g -fno-omit-frame-pointer' \
	    SANITIZE='-fsanitize=address,undefined -fno-sanitize-recover=all' all unit
	@scripts/run-tests build build-asan

# The benchmarks are built (not run) here too, so that they cannot rot unseen
# (the CLIPS one where libclips-dev is installed: make bench installs it).
unit: $(UNIT_BIN) $(BUILD)/tests/fuzz-replay $(BUILD)/tests/fuzz-replay-icf \
      $(BUILD)/tests/fuzz-replay-person $(BUILD)/tests/fuzz-replay-claml $(BUILD)/tests/lua-rules \
      $(BENCH_BIN) $(if $(wildcard $(CLIPS_H)),$(BUILD)/bench_clips)

# The Lua rule tests, run inside the engine's sandbox.
$(BUILD)/tests/lua-rules: tests/lua/run.c $(BUILD)/libcapamatch.a | $(BUILD)/tests
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) $^ $(PKG_LIBS) -o $@

# The fuzz target linked to a plain main that replays stored inputs.
$(BUILD)/tests/fuzz-replay: tests/fuzz/replay.c tests/fuzz/fuzz_job.c $(BUILD)/libcapamatch.a | $(BUILD)/tests
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $^ $(PKG_LIBS) -o $@

$(BUILD)/tests/fuzz-replay-icf: tests/fuzz/replay.c tests/fuzz/fuzz_icf.c $(BUILD)/libcapamatch.a | $(BUILD)/tests
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $^ $(PKG_LIBS) -o $@

$(BUILD)/tests/fuzz-replay-person: tests/fuzz/replay.c tests/fuzz/fuzz_person.c $(BUILD)/libcapamatch.a | $(BUILD)/tests
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $^ $(PKG_LIBS) -o $@

$(BUILD)/tests/fuzz-replay-claml: tests/fuzz/replay.c tests/fuzz/fuzz_claml.c $(BUILD)/libcapamatch.a | $(BUILD)/tests
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) $^ $(PKG_LIBS) -o $@

# libFuzzer builds (clang); run them with: build-fuzz/fuzz_job tests/fuzz/corpus/job,
# build-fuzz/fuzz_icf tests/fuzz/corpus/icf, build-fuzz/fuzz_person tests/fuzz/corpus/person,
# build-fuzz/fuzz_claml tests/fuzz/corpus/claml
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS='-O1 -g' \
	    SANITIZE='-fsanitize=fuzzer-no-link,address,undefined' build-fuzz/libcapamatch.a
	clang $(CPPFLAGS) -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
	    tests/fuzz/fuzz_job.c build-fuzz/libcapamatch.a $(PKG_LIBS) -o build-fuzz/fuzz_job
	clang $(CPPFLAGS) -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
	    tests/fuzz/fuzz_icf.c build-fuzz/libcapamatch.a $(PKG_LIBS) -o build-fuzz/fuzz_icf
	clang $(CPPFLAGS) -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
	    tests/fuzz/fuzz_person.c build-fuzz/libcapamatch.a $(PKG_LIBS) -o build-fuzz/fuzz_person
	clang $(CPPFLAGS) -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
	    tests/fuzz/fuzz_claml.c build-fuzz/libcapamatch.a $(PKG_LIBS) -o build-fuzz/fuzz_claml

# Everything installed, one list: make uninstall removes exactly these.
INSTALLED = $(PREFIX)/bin/capamatch $(PREFIX)/include/capamatch.h \
    $(LIBDIR)/libcapamatch.a $(LIBDIR)/libcapamatch.so.$(VERSION) $(LIBDIR)/$(SONAME) \
    $(LIBDIR)/libcapamatch.so $(LIBDIR)/pkgconfig/capamatch.pc $(MANDIR)/man1/capamatch.1

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/rules/lib $(DESTDIR)$(DATADIR)/schema \
	    $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BUILD)/capamatch $(DESTDIR)$(PREFIX)/bin/capamatch
	install -m 644 rules/*.lua $(DESTDIR)$(DATADIR)/rules/
	install -m 644 rules/lib/*.lua $(DESTDIR)$(DATADIR)/rules/lib/
	install -m 644 schema/*.xsd $(DESTDIR)$(DATADIR)/schema/
	install -m 644 engine/capamatch.h $(DESTDIR)$(PREFIX)/include/capamatch.h
	install -m 644 $(BUILD)/libcapamatch.a $(DESTDIR)$(LIBDIR)/libcapamatch.a
	install -m 755 $(BUILD)/libcapamatch.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libcapamatch.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libcapamatch.so
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    doc/capamatch.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/capamatch.pc
	install -m 644 doc/capamatch.1 $(DESTDIR)$(MANDIR)/man1/capamatch.1

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rm -rf $(DESTDIR)$(DATADIR)

# Timings, never part of `make check` (doc/performance.md). CLIPS, the peer
# engine, is installed here only; the project before issue 21 is built once
# into $(BEFORE) and kept.
bench: all
	@scripts/install-deps --bench
	@$(MAKE) --no-print-directory $(BENCH_BIN) $(BUILD)/bench_clips $(BUILD)/bench_api_before
	@scripts/bench-ratios $(BUILD) $(BEFORE)
	@scripts/bench-load $(BUILD)/capamatch

$(BUILD)/bench_api: bench/bench_api.c $(BENCH_KADER) $(BUILD)/libcapamatch.a
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) -Ibench $(PKG_CFLAGS) $(ALL_CFLAGS) bench/bench_api.c bench/kader_job.c \
	    $(BUILD)/libcapamatch.a $(PKG_LIBS) -o $@

# One pass of the bench's first figure, for callgrind and perf
# (doc/performance.md); public header only, as bench_api.
$(BUILD)/prof_match: bench/prof_match.c $(BENCH_KADER) $(BUILD)/libcapamatch.a
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) -Ibench $(PKG_CFLAGS) $(ALL_CFLAGS) bench/prof_match.c bench/kader_job.c \
	    $(BUILD)/libcapamatch.a $(PKG_LIBS) -o $@

# The evaluation path's own profiler (doc/evaluation.md): it reads the
# engine's internals, so it measures this tree only, per rule; make bench's
# ratios come from bench_api, which sees the public header alone.
$(BUILD)/bench_eval: bench/bench_eval.c $(BENCH_KADER) $(BUILD)/libcapamatch.a
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) -Ibench $(PKG_CFLAGS) $(ALL_CFLAGS) bench/bench_eval.c bench/kader_job.c \
	    $(BUILD)/libcapamatch.a $(PKG_LIBS) -o $@

$(BUILD)/bench_hand: bench/kader_hand.c $(BENCH_KADER) | $(BUILD)/obj
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) -Ibench $(PKG_CFLAGS) $(ALL_CFLAGS) bench/kader_hand.c bench/kader_job.c \
	    $(XML_LIBS) -o $@

# Debian's libclips-dev ships a static library only; its headers are not
# written for -Wextra (-isystem).
$(BUILD)/bench_clips: bench/kader_clips.c $(BENCH_KADER) | $(BUILD)/obj
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) -Ibench -isystem $(dir $(CLIPS_H)) $(PKG_CFLAGS) $(ALL_CFLAGS) \
	    bench/kader_clips.c bench/kader_job.c -lclips $(XML_LIBS) -o $@

$(BEFORE)/.built:
	@echo "  BUILD   $(BEFORE) (git archive $(BEFORE_COMMIT), its own Makefile)"
	$(Q)rm -rf $(BEFORE).tmp $(BEFORE) && mkdir -p $(BEFORE).tmp
	$(Q)git archive --format=tar $(BEFORE_COMMIT) | tar -x -C $(BEFORE).tmp
	$(Q)$(MAKE) -s -C $(BEFORE).tmp --no-print-directory BUILD=build CFLAGS='-O2 -g' SANITIZE= all
	$(Q)mv $(BEFORE).tmp $(BEFORE) && touch $@

$(BUILD)/bench_api_before: bench/bench_api.c $(BENCH_KADER) $(BEFORE)/.built
	@echo "  CC      $@ (against $(BEFORE))"
	$(Q)$(CC) -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Ibench -I$(BEFORE)/engine \
	    $(PKG_CFLAGS) $(ALL_CFLAGS) bench/bench_api.c bench/kader_job.c \
	    $(BEFORE)/build/libcapamatch.a $(BEFORE_LIBS) -o $@

format:
	clang-format -i $(wildcard $(addsuffix /*.[ch],$(ENGINE_DIRS))) icf/*.c icf/*.h tests/unit/*.c tests/unit/*.h tests/lua/*.c bench/*.c examples/program/*.c scripts/*.c

clean:
	rm -rf build build-asan build-fuzz
