package web

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// servedHosts refuses, with 421 Misdirected Request, requests whose Host
// is not one of Options.Hosts. A page on the Internet whose name was made
// to resolve to the venue laptop (DNS rebinding) sends its own name: it
// never reaches the API, with or without a session.
func (s *Server) servedHosts(next http.Handler) http.Handler {
	if len(s.opts.Hosts) == 0 {
		return next
	}
	allowed := map[string]bool{}
	for _, h := range s.opts.Hosts {
		allowed[hostName(h)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed[hostName(r.Host)] {
			host := r.Host
			if len(host) > 100 {
				host = host[:100] + "…"
			}
			http.Error(w, fmt.Sprintf("desk: this service is not reached under the name %q, so the request is refused "+
				"(a web page of another site may be trying to reach it). Open the address desk serve printed, "+
				"or add the name to server.hosts in desk.yaml.", host), http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hostName is a Host header or a configured name as compared: without
// port, brackets, case or final dot, and IP addresses in one spelling.
func hostName(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
	if ip := net.ParseIP(h); ip != nil {
		return ip.String()
	}
	return h
}
