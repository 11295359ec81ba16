package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"github.com/desk-event/desk/config"
)

// warnPlainHTTP says plainly, when the service speaks plain HTTP to more
// than this machine, that the PIN and the password cross the network in
// clear, and how to stop it.
func warnPlainHTTP(w io.Writer, cfg config.Config, addr *net.TCPAddr) {
	if cfg.Server.TLS != "off" || addr.IP.IsLoopback() {
		return
	}
	fmt.Fprintf(w, "desk serve: WARNING: plain HTTP on %s, open to the venue network: the desk PIN and the admin password "+
		"cross the venue Wi-Fi in clear, readable by anyone on it. Set server.tls: self-signed in %s (each device accepts "+
		"the certificate once), or listen on this machine only with --addr 127.0.0.1:%d.\n", addr, cfg.File, addr.Port)
}

// warnKeyReadable says when the TLS key of server.tls: files can be read
// by other users of this computer: desk does not change the mode of a file
// it did not write, and says how to.
func warnKeyReadable(w io.Writer, cfg config.Config) {
	if cfg.Server.TLS != "files" {
		return
	}
	if info, err := os.Stat(cfg.Server.Key); err == nil && info.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(w, "desk serve: WARNING: the TLS key %s can be read by other users of this computer (mode %04o): chmod 600 %s\n",
			cfg.Server.Key, info.Mode().Perm(), cfg.Server.Key)
	}
}

// servedHosts are the names and addresses by which desks reach the
// service, the only ones accepted in the Host header (against DNS
// rebinding): localhost, this machine's name and addresses, the address
// listened on, and server.hosts.
func servedHosts(cfg config.Config, addr *net.TCPAddr) []string {
	hosts := []string{"localhost", "127.0.0.1", "::1", addr.IP.String()}
	if name, err := os.Hostname(); err == nil && name != "" {
		hosts = append(hosts, name)
		if short, _, found := strings.Cut(name, "."); found {
			hosts = append(hosts, short)
		} else {
			hosts = append(hosts, name+".local") // as Bonjour/Avahi announce it
		}
	}
	if ifaces, err := net.InterfaceAddrs(); err == nil {
		for _, ia := range ifaces {
			if n, ok := ia.(*net.IPNet); ok {
				hosts = append(hosts, n.IP.String())
			}
		}
	}
	return append(hosts, cfg.Server.Hosts...)
}
