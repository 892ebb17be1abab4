// Package web is synlab's web lab (synlab serve): a page on which a student
// chooses a preparation, a model tier, a protocol, the bath and drugs, runs
// the experiment with live progress, looks at its figures, overlays runs,
// draws the STDP and frequency–response curves and exports everything,
// without writing a file by hand.
//
// The server is a thin adapter over the same code as the command: specs are
// built with experiment.ApplySets and checked by experiment.Load, so a
// mistake in the form reads as it would on the command line and names its
// field; figures and reports come from package lab. It is net/http with Go
// 1.22 patterns, html/template and embedded static files; progress is a
// Server-Sent Events stream on the request that started the run, so closing
// the tab or pressing cancel stops the run. The page needs no network
// beyond this server (no CDN, no external fonts).
//
// Safety and load: the server is meant for loopback (synlab serve binds
// 127.0.0.1 unless told otherwise); it answers only requests whose Host
// header names the served address (DNS rebinding), refuses writes
// (POST) whose Origin header does not name this server (cross-site request
// forgery), bounds request bodies, runs at most Limits.Running simulations at
// once and queues at most Limits.Queue more, bounds each run's biological
// duration, size and wall-clock time, keeps only the Limits.Keep most
// recently used results in memory, writes nothing to disk (exports are made
// in memory, except report.zip, which package report writes to a temporary
// folder that is removed at once), and takes no file paths from clients.
package web

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/units"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Limits bound what clients may ask of the server. The zero value of a
// field means its default (DefaultLimits).
type Limits struct {
	Running  int           // simulations at once (a curve is one, run point after point)
	Queue    int           // simulations waiting beyond Running; more are refused with 503
	Duration float64       // biological duration of one run [ms] (the spec's end)
	Samples  int           // rows one run may record (duration / record.every)
	Synapses int           // model.synapses
	Points   int           // points of one curve
	Compare  int           // runs in one overlay
	Wall     time.Duration // wall-clock time of one run or curve
	Keep     int           // finished results kept in memory (least recently used go first)
	Body     int64         // request body [bytes]
	// Memory is the server's memory budget [bytes], estimated live data:
	// a quarter for specs being parsed, a quarter for runs being
	// simulated (a run that alone would need more is refused; others
	// wait for their share), half for the results kept (the least
	// recently used go first). The process's resident memory stays
	// within about twice this (synlab serve also sets it as the Go
	// runtime's soft memory limit).
	Memory int64
}

// DefaultLimits are the limits synlab serve starts with.
func DefaultLimits() Limits {
	return Limits{
		Running:  2,
		Queue:    32,
		Duration: 4 * units.Hour,
		Samples:  50_000,
		Synapses: 10_000,
		Points:   64,
		Compare:  8,
		Wall:     5 * time.Minute,
		Keep:     16,
		Body:     256 << 10,
		Memory:   512 << 20,
	}
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	pick := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	pick(&l.Running, d.Running)
	pick(&l.Queue, d.Queue)
	pick(&l.Samples, d.Samples)
	pick(&l.Synapses, d.Synapses)
	pick(&l.Points, d.Points)
	pick(&l.Compare, d.Compare)
	pick(&l.Keep, d.Keep)
	if l.Duration <= 0 {
		l.Duration = d.Duration
	}
	if l.Wall <= 0 {
		l.Wall = d.Wall
	}
	if l.Body <= 0 {
		l.Body = d.Body
	}
	if l.Memory <= 0 {
		l.Memory = d.Memory
	}
	return l
}

// Config configures a Server.
type Config struct {
	// Addr is the address the server is reached at, host:port (the
	// listener's address). It decides the Host headers accepted: see
	// HostsFor.
	Addr string
	// Hosts are more Host header values to accept (host:port), e.g. a
	// name under which a non-loopback address is reached.
	Hosts  []string
	Limits Limits
	// Log receives one line per refused request and per failed run; nil
	// means no logging.
	Log *log.Logger
}

// Server is the web lab. Its zero value is not usable: make one with New.
type Server struct {
	limits Limits
	hosts  map[string]bool
	log    *log.Logger
	gate   *gate
	store  *store
	parses *budget // memory of specs being parsed
	runs   *budget // memory of runs being simulated
	meta   meta
	page   *template.Template
	mux    *http.ServeMux
}

// New returns a server for cfg. It fails if cfg.Addr is not host:port.
func New(cfg Config) (*Server, error) {
	hosts, err := HostsFor(cfg.Addr)
	if err != nil {
		return nil, err
	}
	s := &Server{
		limits: cfg.Limits.withDefaults(),
		hosts:  map[string]bool{},
		log:    cfg.Log,
	}
	for _, h := range append(hosts, cfg.Hosts...) {
		s.hosts[strings.ToLower(h)] = true
	}
	s.gate = newGate(s.limits.Running, s.limits.Queue)
	s.store = newStore(s.limits.Keep, s.limits.Memory/2)
	s.parses = newBudget(s.limits.Memory / 4)
	s.runs = newBudget(s.limits.Memory / 4)
	s.meta = buildMeta(s.limits)
	s.page, err = template.ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	s.routes()
	return s, nil
}

// HostsFor lists the Host header values a server reached at addr
// (host:port) accepts. A loopback address accepts 127.0.0.1, localhost and
// [::1] at its port; an unspecified one (0.0.0.0, ::) also accepts every
// address of this machine's interfaces; any other accepts itself.
func HostsFor(addr string) ([]string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("web: address %q: %w (want host:port, e.g. 127.0.0.1:8080)", addr, err)
	}
	loop := []string{net.JoinHostPort("127.0.0.1", port), net.JoinHostPort("localhost", port), net.JoinHostPort("::1", port)}
	ip := net.ParseIP(host)
	switch {
	case host == "localhost" || (ip != nil && ip.IsLoopback()):
		return append(loop, net.JoinHostPort(host, port)), nil
	case host == "" || (ip != nil && ip.IsUnspecified()):
		out := loop
		addrs, _ := net.InterfaceAddrs() // best effort: loopback names still work
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				out = append(out, net.JoinHostPort(n.IP.String(), port))
			}
		}
		return out, nil
	}
	return []string{net.JoinHostPort(host, port)}, nil
}

// IsLoopback reports whether addr (host:port) listens only on this machine.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ServeHTTP checks the Host header and the origin of writes, sets the
// security headers, bounds the body and dispatches.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hosts[strings.ToLower(r.Host)] {
		s.refuse(w, r, http.StatusMisdirectedRequest, fmt.Sprintf("host %q is not served here: open the address synlab serve printed (allowed: %s)", r.Host, strings.Join(s.hostList(), ", ")))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		o := r.Header.Get("Origin")
		switch {
		case o == "" && r.Header.Get("Sec-Fetch-Site") == "same-origin":
			// a browser that sent no Origin, but says the page is ours
		case o == "":
			s.refuse(w, r, http.StatusForbidden, fmt.Sprintf("a request that starts or changes something needs an Origin header naming this server (browsers send one; from a script add e.g. -H 'Origin: http://%s')", s.hostList()[0]))
			return
		case !s.sameOrigin(o):
			s.refuse(w, r, http.StatusForbidden, fmt.Sprintf("origin %q may not write to this server", o))
			return
		}
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	r.Body = http.MaxBytesReader(w, r.Body, s.limits.Body)
	s.mux.ServeHTTP(w, r)
}

// sameOrigin reports whether an Origin header names this server.
func (s *Server) sameOrigin(origin string) bool {
	host, ok := strings.CutPrefix(origin, "http://")
	return ok && s.hosts[strings.ToLower(host)]
}

func (s *Server) hostList() []string {
	var l []string
	for h := range s.hosts {
		l = append(l, h)
	}
	slices.Sort(l)
	return l
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.handlePage)
	static, _ := fs.Sub(staticFS, "static") // embedded: cannot fail
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("GET /api/meta", s.handleMeta)
	m.HandleFunc("GET /api/status", s.handleStatus)
	m.HandleFunc("GET /api/presets/{name}", s.handlePreset)
	m.HandleFunc("POST /api/check", s.handleCheck)
	m.HandleFunc("POST /api/runs", s.handleRun)
	m.HandleFunc("POST /api/curves", s.handleCurve)
	m.HandleFunc("POST /api/compares", s.handleCompare)
	m.HandleFunc("GET /api/runs", s.handleList)
	m.HandleFunc("GET /api/runs/{id}", s.handleRecord)
	m.HandleFunc("GET /api/runs/{id}/files/{file}", s.handleFile)
	s.mux = m
}

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.page.ExecuteTemplate(w, "index.html", s.meta); err != nil {
		s.logf("page: %v", err)
	}
}

func (s *Server) handleMeta(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.meta)
}

// status is what /api/status reports.
type status struct {
	Running    int `json:"running"`
	Waiting    int `json:"waiting"`
	MaxRunning int `json:"max_running"`
	MaxWaiting int `json:"max_waiting"`
	Kept       int `json:"kept"`
	Keep       int `json:"keep"`
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	run, wait := s.gate.load()
	writeJSON(w, http.StatusOK, status{Running: run, Waiting: wait, MaxRunning: s.limits.Running, MaxWaiting: s.limits.Queue,
		Kept: s.store.len(), Keep: s.limits.Keep})
}

// apiError is the JSON body of every error response: the message as the
// command line would print it and, for a spec field, its path, the value
// and what is allowed (experiment.FieldError), so the page can show it
// next to the field.
type apiError struct {
	Message string `json:"message"`
	Path    string `json:"path,omitempty"`
	Value   string `json:"value,omitempty"`
	Allowed string `json:"allowed,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	// YAML is the spec source the error refers to (line and column are
	// in it), when there is one.
	YAML string `json:"yaml,omitempty"`
}

// errorOf converts an error into its JSON form.
func errorOf(err error) *apiError {
	e := &apiError{Message: err.Error()}
	var fe *experiment.FieldError
	if errors.As(err, &fe) {
		e.Path, e.Value, e.Allowed, e.Line, e.Col = fe.Path, fe.Value, fe.Allowed, fe.Line, fe.Col
	}
	return e
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code = http.StatusInternalServerError
		b, _ = json.Marshal(map[string]any{"error": apiError{Message: "encoding the answer: " + err.Error()}})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

func writeError(w http.ResponseWriter, code int, e *apiError) {
	writeJSON(w, code, map[string]*apiError{"error": e})
}

// refuse answers with an error and logs it.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.logf("refused %s %s (Host %q): %s", r.Method, r.URL.Path, r.Host, msg)
	writeError(w, code, &apiError{Message: msg})
}

func (s *Server) logf(format string, args ...any) {
	if s.log != nil {
		s.log.Printf(format, args...)
	}
}
