// rfc9162-verify checks Merkle inclusion and consistency proofs with the Go reference
// implementation of RFC 6962 / RFC 9162 trees, github.com/transparency-dev/merkle, and SHA-256
// (rfc6962.DefaultHasher). It is a thin driver of that library: it shares no code with
// CreditChain, so a proof it accepts is accepted by an independent verifier.
//
// Input, one JSON document on stdin (every hash and leaf is lowercase or uppercase hex):
//
//	{"inclusion":   [{"id": "…", "leaf": "<leaf bytes>", "index": 0, "size": 1, "proof": ["…"], "root": "…"}],
//	 "consistency": [{"id": "…", "size1": 1, "size2": 2, "proof": ["…"], "root1": "…", "root2": "…"}]}
//
// "id" is optional and echoed back. The leaf is the raw entry; the library hashes it
// (HashLeaf = SHA-256(0x00 ‖ leaf)).
//
// Output, one JSON line per case, inclusion cases first, in input order:
//
//	{"kind":"inclusion","n":0,"id":"…","ok":true}
//	{"kind":"consistency","n":3,"id":"…","ok":false,"error":"…"}
//
// then a summary line {"summary":true,"inclusion":N,"consistency":M,"failed":F}.
// Exit status: 0 when every case verifies, 1 when any case fails, 2 when the input is not
// a well-formed document.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/emmansun/gmsm/sm3"
	"github.com/transparency-dev/merkle"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

type inclusionCase struct {
	ID    string   `json:"id,omitempty"`
	Leaf  string   `json:"leaf"`
	Index uint64   `json:"index"`
	Size  uint64   `json:"size"`
	Proof []string `json:"proof"`
	Root  string   `json:"root"`
}

type consistencyCase struct {
	ID    string   `json:"id,omitempty"`
	Size1 uint64   `json:"size1"`
	Size2 uint64   `json:"size2"`
	Proof []string `json:"proof"`
	Root1 string   `json:"root1"`
	Root2 string   `json:"root2"`
}

type input struct {
	// Hash is the log's hash: "sha256" (RFC 9162's, the default) or "sm3" (a CreditChain gm chain).
	Hash        string            `json:"hash,omitempty"`
	Inclusion   []inclusionCase   `json:"inclusion"`
	Consistency []consistencyCase `json:"consistency"`
}

type result struct {
	Kind  string `json:"kind"`
	N     int    `json:"n"`
	ID    string `json:"id,omitempty"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

type summary struct {
	Summary     bool `json:"summary"`
	Inclusion   int  `json:"inclusion"`
	Consistency int  `json:"consistency"`
	Failed      int  `json:"failed"`
}

func decodeHex(what, s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%s is not hex: %v", what, err)
	}
	return b, nil
}

func decodeProof(p []string) ([][]byte, error) {
	out := make([][]byte, len(p))
	for i, h := range p {
		b, err := decodeHex(fmt.Sprintf("proof[%d]", i), h)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func checkInclusion(c inclusionCase) error {
	leaf, err := decodeHex("leaf", c.Leaf)
	if err != nil {
		return err
	}
	root, err := decodeHex("root", c.Root)
	if err != nil {
		return err
	}
	p, err := decodeProof(c.Proof)
	if err != nil {
		return err
	}
	return proof.VerifyInclusion(h, c.Index, c.Size, h.HashLeaf(leaf), p, root)
}

// sm3Hasher is RFC 9162's tree hashing with SM3 in place of SHA-256 (RFC 9162 §2.1 takes the
// hash as a parameter): leaf = H(0x00 ‖ leaf), node = H(0x01 ‖ left ‖ right), empty = H("").
// SM3 comes from github.com/emmansun/gmsm; the proof algorithms stay transparency-dev's.
type sm3Hasher struct{}

func (sm3Hasher) EmptyRoot() []byte { s := sm3.Sum(nil); return s[:] }
func (sm3Hasher) HashLeaf(leaf []byte) []byte {
	s := sm3.Sum(append([]byte{0x00}, leaf...))
	return s[:]
}
func (sm3Hasher) HashChildren(l, r []byte) []byte {
	b := make([]byte, 0, 1+len(l)+len(r))
	b = append(append(append(b, 0x01), l...), r...)
	s := sm3.Sum(b)
	return s[:]
}
func (sm3Hasher) Size() int { return sm3.Size }

// h is the hasher of this run, chosen by the input's "hash" field.
var h merkle.LogHasher = rfc6962.DefaultHasher

func checkConsistency(c consistencyCase) error {
	root1, err := decodeHex("root1", c.Root1)
	if err != nil {
		return err
	}
	root2, err := decodeHex("root2", c.Root2)
	if err != nil {
		return err
	}
	p, err := decodeProof(c.Proof)
	if err != nil {
		return err
	}
	return proof.VerifyConsistency(h, c.Size1, c.Size2, p, root1, root2)
}

func main() {
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	dec.DisallowUnknownFields()
	var in input
	if err := dec.Decode(&in); err != nil {
		fmt.Fprintf(os.Stderr, "rfc9162-verify: the input is not a valid JSON document: %v\n", err)
		os.Exit(2)
	}
	if _, err := dec.Token(); err != io.EOF {
		fmt.Fprintln(os.Stderr, "rfc9162-verify: the input must be exactly one JSON document")
		os.Exit(2)
	}

	switch in.Hash {
	case "", "sha256":
	case "sm3":
		h = sm3Hasher{}
	default:
		fmt.Fprintf(os.Stderr, "rfc9162-verify: unknown hash %q (sha256 or sm3)\n", in.Hash)
		os.Exit(2)
	}

	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	failed := 0
	emit := func(r result, err error) {
		if err != nil {
			r.Error = err.Error()
			failed++
		} else {
			r.OK = true
		}
		if e := enc.Encode(r); e != nil {
			fmt.Fprintf(os.Stderr, "rfc9162-verify: writing the result: %v\n", e)
			os.Exit(2)
		}
	}
	for i, c := range in.Inclusion {
		emit(result{Kind: "inclusion", N: i, ID: c.ID}, checkInclusion(c))
	}
	for i, c := range in.Consistency {
		emit(result{Kind: "consistency", N: i, ID: c.ID}, checkConsistency(c))
	}
	if err := enc.Encode(summary{Summary: true, Inclusion: len(in.Inclusion), Consistency: len(in.Consistency), Failed: failed}); err != nil {
		fmt.Fprintf(os.Stderr, "rfc9162-verify: writing the summary: %v\n", err)
		os.Exit(2)
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "rfc9162-verify: writing the results: %v\n", err)
		os.Exit(2)
	}
	if failed > 0 {
		os.Exit(1)
	}
}
