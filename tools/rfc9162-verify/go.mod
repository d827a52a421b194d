module creditchain.local/tools/rfc9162-verify

go 1.22

require github.com/transparency-dev/merkle v0.0.2
