// goconvert records how Go's libcni (v1.1.2) parses CNI results and converts them
// between spec versions, producing golden data for swift-cni.
//
// Usage:
//
//	goconvert < cases.json > records.json
//
// Input: a JSON array of cases {"name": "...", "version": "0.4.0", "result": <any JSON>}.
// Each case's result bytes are parsed with create.Create(version, bytes). If that fails,
// one record {"name", "from": version, "to": "", "output": null, "error": "<parse error>"}
// is emitted. Otherwise, for every target in 0.1.0 0.2.0 0.3.0 0.3.1 0.4.0 1.0.0, the
// result is re-created from the bytes (GetAsVersion may mutate or share state) and
// converted with GetAsVersion(target); the record's "output" is the converted result
// marshalled with json.Marshal and re-parsed as a generic JSON value (null on error),
// and "error" is the error text ("" on success).
// Output: the array of records as indented JSON on stdout.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"os"

	"github.com/containernetworking/cni/pkg/types/create"

	// Registers the result creators and converters for 0.1.0-1.0.0 (types/100 imports
	// types/040, which imports types/020). create alone registers nothing; libcni gets
	// these through pkg/version, which imports types/100.
	_ "github.com/containernetworking/cni/pkg/types/100"
)

type inputCase struct {
	Name    string          `json:"name"`
	Version string          `json:"version"`
	Result  json.RawMessage `json:"result"`
}

type record struct {
	Name   string      `json:"name"`
	From   string      `json:"from"`
	To     string      `json:"to"`
	Output interface{} `json:"output"`
	Error  string      `json:"error"`
}

var targets = []string{"0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"}

func fatal(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "goconvert: "+format+"\n", args...)
	os.Exit(1)
}

func generic(data []byte) (interface{}, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v interface{}
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func convertOne(c inputCase, target string) record {
	rec := record{Name: c.Name, From: c.Version, To: target}
	res, err := create.Create(c.Version, []byte(c.Result))
	if err != nil {
		// Cannot happen: the same bytes parsed before.
		fatal("case %q: re-parse failed: %v", c.Name, err)
	}
	converted, err := res.GetAsVersion(target)
	if err != nil {
		rec.Error = err.Error()
		return rec
	}
	data, err := json.Marshal(converted)
	if err != nil {
		rec.Error = "marshal: " + err.Error()
		return rec
	}
	if rec.Output, err = generic(data); err != nil {
		fatal("case %q: re-parse of marshalled output failed: %v", c.Name, err)
	}
	return rec
}

func main() {
	if len(os.Args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: goconvert < cases.json > records.json")
		os.Exit(2)
	}
	input, err := ioutil.ReadAll(os.Stdin)
	if err != nil {
		fatal("reading stdin: %v", err)
	}
	var cases []inputCase
	if err := json.Unmarshal(input, &cases); err != nil {
		fatal("parsing input: %v", err)
	}

	records := []record{}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] {
			fatal("duplicate case name %q", c.Name)
		}
		seen[c.Name] = true
		if _, err := create.Create(c.Version, []byte(c.Result)); err != nil {
			records = append(records, record{Name: c.Name, From: c.Version, To: "", Output: nil, Error: err.Error()})
			continue
		}
		for _, target := range targets {
			records = append(records, convertOne(c, target))
		}
	}

	out, err := json.MarshalIndent(records, "", "  ")
	if err != nil {
		fatal("marshalling output: %v", err)
	}
	fmt.Printf("%s\n", out)
}
