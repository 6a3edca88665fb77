# forkcrypto's entry points. Every target provisions the fork legs it needs
# first (ci/provision.sh is idempotent and cached); LEGS= narrows the set,
# e.g. `make test LEGS="openssl-3.0 awslc"`.

LEGS ?= $(shell ci/legs.sh list)

.PHONY: run test bench provision

# Build the command-line tool against every leg and print each one's backend
# line and capability table.
run: provision
	ci/run-legs.sh $(LEGS)

# go vet and go test -race on every leg, then a summary table.
test: provision
	ci/test-legs.sh $(LEGS)

# Benchmarks beside the Go standard library, golang-fips/openssl and a C
# loop on the same library, on every leg.
bench: provision
	ci/bench-legs.sh $(LEGS)

provision:
	ci/provision.sh $(LEGS)
