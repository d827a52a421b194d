module creditchain.local/tools/rfc9162-verify

go 1.22

require (
	github.com/emmansun/gmsm v0.15.5
	github.com/transparency-dev/merkle v0.0.2
)

require golang.org/x/sys v0.3.0 // indirect
