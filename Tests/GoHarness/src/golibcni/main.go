// golibcni drives Go's reference libcni (v1.1.2, Debian's golang-github-appc-cni-dev)
// the way Go's cnitool does, so swift-cni can be checked against the Go implementation.
//
// Usage:
//
//	golibcni add      NET NETNS      AddNetworkList, prints the result (indented JSON)
//	golibcni check    NET NETNS      CheckNetworkList
//	golibcni del      NET NETNS      DelNetworkList
//	golibcni cached   NET NETNS      GetNetworkListCachedResult, prints it or "null"
//	golibcni validate NET            ValidateNetworkList, prints the capabilities (sorted JSON array)
//	golibcni version  PLUGIN         GetVersionInfo, prints {"supportedVersions": [...]}
//	golibcni exec-add CONFFILE NETNS like add, but loads one .conflist file (ConfListFromFile)
//	golibcni exec-del CONFFILE NETNS like del, but loads one .conflist file (ConfListFromFile)
//
// Environment (same conventions as cnitool):
//
//	NETCONFPATH   directory searched by LoadConfList (default /etc/cni/net.d)
//	CNI_PATH      colon-separated plugin search path
//	CNI_IFNAME    interface name (default eth0 when unset; set-but-empty is passed as empty, like cnitool)
//	CNI_ARGS      "K=V;K=V" (a malformed pair is an error)
//	CAP_ARGS      JSON object, passed as RuntimeConf.CapabilityArgs
//	CNI_CACHE_DIR libcni cache directory (default /var/lib/cni)
//
// The container ID is "cnitool-" + hex(sha512(absolute netns path)[:10]), exactly as cnitool.
//
// Exit status: 0 on success; 1 on any error ("Error: <err>" on stderr, followed on a
// second line by the error's JSON when it is a *types.Error); 2 on a usage error.
package main

import (
	"context"
	"crypto/sha512"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/containernetworking/cni/libcni"
	"github.com/containernetworking/cni/pkg/types"
)

const (
	EnvCNIPath        = "CNI_PATH"
	EnvNetDir         = "NETCONFPATH"
	EnvCapabilityArgs = "CAP_ARGS"
	EnvCNIArgs        = "CNI_ARGS"
	EnvCNIIfname      = "CNI_IFNAME"
	EnvCacheDir       = "CNI_CACHE_DIR"

	DefaultNetDir = "/etc/cni/net.d"
)

func usage() {
	exe := filepath.Base(os.Args[0])
	fmt.Fprintf(os.Stderr, `Usage:
  %[1]s add|check|del|cached NET NETNS
  %[1]s exec-add|exec-del CONFFILE NETNS
  %[1]s validate NET
  %[1]s version PLUGIN
Environment: NETCONFPATH (default %[2]s), CNI_PATH, CNI_IFNAME (default eth0),
  CNI_ARGS (K=V;K=V), CAP_ARGS (JSON object), CNI_CACHE_DIR (default /var/lib/cni)
`, exe, DefaultNetDir)
	os.Exit(2)
}

// exit prints the error (and, for a *types.Error, its JSON) and exits 1; exits 0 for nil.
func exit(err error) {
	if err == nil {
		os.Exit(0)
	}
	fmt.Fprintf(os.Stderr, "Error: %v\n", err)
	var cniErr *types.Error
	if errors.As(err, &cniErr) {
		if data, jerr := json.Marshal(cniErr); jerr == nil {
			fmt.Fprintf(os.Stderr, "%s\n", data)
		}
	}
	os.Exit(1)
}

// parseArgs is cnitool's CNI_ARGS parser.
func parseArgs(args string) ([][2]string, error) {
	var result [][2]string

	pairs := strings.Split(args, ";")
	for _, pair := range pairs {
		kv := strings.Split(pair, "=")
		if len(kv) != 2 || kv[0] == "" || kv[1] == "" {
			return nil, fmt.Errorf("invalid CNI_ARGS pair %q", pair)
		}
		result = append(result, [2]string{kv[0], kv[1]})
	}
	return result, nil
}

func netDir() string {
	dir := os.Getenv(EnvNetDir)
	if dir == "" {
		dir = DefaultNetDir
	}
	return dir
}

func cniConfig() *libcni.CNIConfig {
	// An empty cache dir makes libcni use its default, /var/lib/cni.
	return libcni.NewCNIConfigWithCacheDir(filepath.SplitList(os.Getenv(EnvCNIPath)), os.Getenv(EnvCacheDir), nil)
}

// runtimeConf builds the RuntimeConf from the environment and the netns argument, as cnitool does.
func runtimeConf(netnsArg string) (*libcni.RuntimeConf, error) {
	var capabilityArgs map[string]interface{}
	if v := os.Getenv(EnvCapabilityArgs); len(v) > 0 {
		if err := json.Unmarshal([]byte(v), &capabilityArgs); err != nil {
			return nil, err
		}
	}

	var cniArgs [][2]string
	if v := os.Getenv(EnvCNIArgs); len(v) > 0 {
		var err error
		if cniArgs, err = parseArgs(v); err != nil {
			return nil, err
		}
	}

	ifName, ok := os.LookupEnv(EnvCNIIfname)
	if !ok {
		ifName = "eth0"
	}

	netns, err := filepath.Abs(netnsArg)
	if err != nil {
		return nil, err
	}

	// Generate the container ID by hashing the netns path (cnitool's scheme).
	s := sha512.Sum512([]byte(netns))
	containerID := fmt.Sprintf("cnitool-%x", s[:10])

	return &libcni.RuntimeConf{
		ContainerID:    containerID,
		NetNS:          netns,
		IfName:         ifName,
		Args:           cniArgs,
		CapabilityArgs: capabilityArgs,
	}, nil
}

func printResult(result types.Result) {
	if result == nil {
		fmt.Println("null")
		return
	}
	if err := result.Print(); err != nil {
		exit(err)
	}
	fmt.Println()
}

func printJSON(v interface{}) {
	data, err := json.MarshalIndent(v, "", "    ")
	if err != nil {
		exit(err)
	}
	fmt.Printf("%s\n", data)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmd := os.Args[1]
	ctx := context.TODO()

	switch cmd {
	case "add", "check", "del", "cached", "exec-add", "exec-del":
		if len(os.Args) != 4 {
			usage()
		}
		var list *libcni.NetworkConfigList
		var err error
		if strings.HasPrefix(cmd, "exec-") {
			list, err = libcni.ConfListFromFile(os.Args[2])
		} else {
			list, err = libcni.LoadConfList(netDir(), os.Args[2])
		}
		if err != nil {
			exit(err)
		}
		rt, err := runtimeConf(os.Args[3])
		if err != nil {
			exit(err)
		}
		cninet := cniConfig()

		switch cmd {
		case "add", "exec-add":
			result, err := cninet.AddNetworkList(ctx, list, rt)
			if err != nil {
				exit(err)
			}
			printResult(result)
		case "check":
			exit(cninet.CheckNetworkList(ctx, list, rt))
		case "del", "exec-del":
			exit(cninet.DelNetworkList(ctx, list, rt))
		case "cached":
			result, err := cninet.GetNetworkListCachedResult(list, rt)
			if err != nil {
				exit(err)
			}
			printResult(result)
		}

	case "validate":
		if len(os.Args) != 3 {
			usage()
		}
		list, err := libcni.LoadConfList(netDir(), os.Args[2])
		if err != nil {
			exit(err)
		}
		caps, err := cniConfig().ValidateNetworkList(ctx, list)
		if err != nil {
			exit(err)
		}
		if caps == nil {
			caps = []string{}
		}
		sort.Strings(caps)
		printJSON(caps)

	case "version":
		if len(os.Args) != 3 {
			usage()
		}
		info, err := cniConfig().GetVersionInfo(ctx, os.Args[2])
		if err != nil {
			exit(err)
		}
		versions := info.SupportedVersions()
		if versions == nil {
			versions = []string{}
		}
		printJSON(struct {
			SupportedVersions []string `json:"supportedVersions"`
		}{versions})

	default:
		usage()
	}
	exit(nil)
}
