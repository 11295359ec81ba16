package web_test

import (
	"bytes"
	"net/http"
	"testing"
)

// FuzzAPIDecoding sends arbitrary bodies to the check-in and walk-in
// routes of a logged-in desk: the service never fails with a 500, and
// answers bad JSON with 400.
func FuzzAPIDecoding(f *testing.F) {
	for _, s := range []string{`{"code":"BCDFGHJKLNPRSTUVXBCD","nonce":"1"}`, `{"code":1}`, `{`, ``, `[]`, `{"code":"x","nonce":"y","extra":true}`,
		`{"first_name":"Anne","nonce":"w"}`, `{"code":"HC1:NCF","nonce":"` + string(make([]byte, 200)) + `"}`} {
		f.Add(s)
	}
	fx := newFixture(f)
	c := fx.desk(f, "fuzz")
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/api/checkins", "/api/walkins", "/api/login"} {
			req, _ := http.NewRequest("POST", fx.srv.URL+path, bytes.NewReader([]byte(body)))
			req.Header.Set("Content-Type", "application/json")
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Fatalf("POST %s %q: %d", path, body, resp.StatusCode)
			}
		}
	})
}
