# forkcrypto's entry points. Every target provisions the fork legs it needs
# first (ci/provision.sh is idempotent and cached); LEGS= narrows the set,
# e.g. `make test LEGS="openssl-3.0 awslc"`.

LEGS ?= $(shell ci/legs.sh list)

.PHONY: run test bench fuzz provision docker-matrix report

# Build the command-line tool against every leg and print each one's backend
# line and capability table.
run: provision
	ci/run-legs.sh $(LEGS)

# go vet and go test -race on every leg (-asan on the -asan legs), then a summary table, then
# every fuzz target for FUZZTIME (10 s) on one leg. With CONTAINERS=1 (as .ci/run sets) it then
# runs the container legs this kind of machine can run: the amd64 legs whose libraries need a
# newer glibc than the host's, and one emulated arm64 leg.
CONTAINER_LEGS_AMD64 ?= openssl-3.5 openssl-3.5-fips openssl-3.6 openssl-3.6-fips boringssl-14
CONTAINER_LEGS_ARM64 ?= openssl-3.6-fips
FUZZTIME ?= 10s
FUZZLEG ?= $(if $(filter awslc,$(LEGS)),awslc,$(firstword $(LEGS)))
test: provision
	ci/test-legs.sh $(LEGS)
	FUZZTIME=$(FUZZTIME) FUZZLEG=$(FUZZLEG) ci/fuzz.sh
ifeq ($(CONTAINERS),1)
	ARCHES=amd64 ci/docker-matrix.sh $(CONTAINER_LEGS_AMD64)
	ARCHES=arm64 ci/docker-matrix.sh $(CONTAINER_LEGS_ARM64)
endif

# Benchmarks beside the Go standard library, golang-fips/openssl and a C
# loop on the same library, on every leg.
bench: provision
	ci/bench-legs.sh $(LEGS)

# Every fuzz target for FUZZTIME on one leg (FUZZLEG), e.g. make fuzz FUZZTIME=10m.
fuzz:
	ci/provision.sh $(FUZZLEG)
	FUZZTIME=$(FUZZTIME) FUZZLEG=$(FUZZLEG) ci/fuzz.sh

provision:
	ci/provision.sh $(LEGS)

# The containerised matrix: go vet and go test in every docker/<leg> image × arch, then the
# same summary table with ARCH and WALL columns. LEGS= names docker legs (default: all of
# docker/), ARCHES= narrows {amd64, arm64}; e.g. make docker-matrix LEGS=openssl-3.6-fips ARCHES=amd64
ARCHES ?= amd64 arm64
docker-matrix:
	ARCHES="$(ARCHES)" ci/docker-matrix.sh $(if $(filter command line environment,$(origin LEGS)),$(LEGS))

# report/index.html: one self-contained page from what make test, make docker-matrix and make
# bench left under .forks/ — the leg × arch matrix, the capability matrix, the speed charts.
# Every native leg and every docker/ leg × arch is listed; one without results reads NOT RUN.
DOCKER_LEGS = $(sort $(patsubst docker/%/Dockerfile,%,$(wildcard docker/*/Dockerfile)))
report:
	CGO_ENABLED=0 go run ./ci/internal/report -native "$(LEGS)" -docker "$(DOCKER_LEGS)" -arches "amd64 arm64" -o report/index.html
