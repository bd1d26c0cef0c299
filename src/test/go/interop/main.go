// A tenant application written in Go, as ClientInteropIT runs it against a region agent's data port: the standard
// library's HTTP client (the transport every Go application uses, HTTP/2 offered by ALPN), trusting only the CompanyOS
// CA, TLS 1.3 at least. It runs the interop steps on one client (one connection pool) and prints one JSON line per
// step: {"step", "status", "tls", "body"} or {"step", "error"}. No modules beyond the standard library.
//
// With -name NAME the application addresses the agent by another name (in the URL, the Host header and the TLS server
// name), such as its fully qualified name with the trailing dot: it still dials the -base URL's address and checks the
// certificate for the -base URL's host.
//
//	interop -base https://localhost:PORT/data/v1/tenants/SLUG -ca ca.crt -token TOKEN -key KEY -data DATA -big BYTES [-name NAME]
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

type result struct {
	Step   string `json:"step"`
	Status int    `json:"status,omitempty"`
	TLS    string `json:"tls,omitempty"`
	Body   string `json:"body,omitempty"`
	Error  string `json:"error,omitempty"`
}

func main() {
	base := flag.String("base", "", "the tenant's data API: https://host:port/data/v1/tenants/<slug>")
	ca := flag.String("ca", "", "the CompanyOS CA certificate (PEM)")
	token := flag.String("token", "", "the tenant's API token")
	key := flag.String("key", "", "the record key to write")
	data := flag.String("data", "", "the record's data")
	big := flag.Int("big", 0, "the size of the too-large body, in bytes")
	name := flag.String("name", "", "another name to address the agent by")
	flag.Parse()

	pem, err := os.ReadFile(*ca)
	if err != nil {
		fail("cannot read the CA certificate: %v", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		fail("no certificate in %s", *ca)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS13}
	if *name != "" {
		target, err := url.Parse(*base)
		if err != nil {
			fail("bad -base: %v", err)
		}
		address, certificateName := target.Host, target.Hostname()
		transport.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{Timeout: 10 * time.Second}).DialContext(ctx, network, address)
		}
		// Go checks the certificate for the name in the URL; here it is checked for the -base URL's host instead.
		transport.TLSClientConfig.InsecureSkipVerify = true
		transport.TLSClientConfig.VerifyConnection = func(state tls.ConnectionState) error {
			intermediates := x509.NewCertPool()
			for _, c := range state.PeerCertificates[1:] {
				intermediates.AddCert(c)
			}
			_, err := state.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: intermediates, DNSName: certificateName})
			return err
		}
		target.Host = *name + ":" + target.Port()
		*base = target.String()
	}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	record := *base + "/records/" + *key
	body, _ := json.Marshal(map[string]string{"classification": "internal", "retentionPolicy": "none", "data": *data})
	emit(call(client, "put", http.MethodPut, record, *token, body))
	emit(call(client, "get", http.MethodGet, record, *token, nil))
	tooBig := []byte(`{"classification":"internal","retentionPolicy":"none","data":"` + strings.Repeat("x", *big) + `"}`)
	emit(call(client, "too-big", http.MethodPut, record+"-big", *token, tooBig))
	emit(call(client, "after-too-big", http.MethodGet, record, *token, nil))
	emit(call(client, "wrong-token", http.MethodGet, record, "not-a-token", nil))
}

func call(client *http.Client, step, method, url, token string, body []byte) result {
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, reader)
	if err != nil {
		return result{Step: step, Error: err.Error()}
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return result{Step: step, Error: err.Error()}
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		return result{Step: step, Status: resp.StatusCode, Error: "reading the answer: " + err.Error()}
	}
	return result{Step: step, Status: resp.StatusCode, TLS: version(resp.TLS), Body: string(answer)}
}

func version(state *tls.ConnectionState) string {
	if state == nil {
		return "none"
	}
	switch state.Version {
	case tls.VersionTLS13:
		return "TLSv1.3"
	case tls.VersionTLS12:
		return "TLSv1.2"
	default:
		return fmt.Sprintf("0x%04x", state.Version)
	}
}

func emit(r result) {
	line, _ := json.Marshal(r)
	fmt.Println(string(line))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "interop: "+format+"\n", args...)
	os.Exit(2)
}
