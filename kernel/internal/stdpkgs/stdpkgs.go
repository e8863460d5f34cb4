// Package stdpkgs lists the packages cells can import: the standard
// library yaegi v0.16.1 offers (its list, not all of std: os/exec, plugin
// and the like stay out of cells' reach), testing/synctest, and
// golang.org/x/sync. The symbol tables (kernel/engine/symbols) and the
// type information of the cell compiler (kernel/cellc) are both generated
// from it, so that what type-checks is what the interpreter can load.
//
// Some packages yaegi offers are left out: those for reading executables
// (debug/...), for CGI and FastCGI servers, for syslog, for testing slog
// handlers, for HTTP debug endpoints (expvar, net/http/pprof), and
// go/importer, which needs a Go toolchain. No notebook cell needs them,
// and since Go initialises every package a binary links before main, they
// cost every kernel's start 12% (2 ms of 17 on the machine measured).
package stdpkgs

// Importable lists the import paths cells can import, sorted by group.
var Importable = []string{
	"archive/tar", "archive/zip",
	"bufio", "bytes",
	"cmp",
	"compress/bzip2", "compress/flate", "compress/gzip", "compress/lzw", "compress/zlib",
	"container/heap", "container/list", "container/ring",
	"context",
	"crypto", "crypto/aes", "crypto/cipher", "crypto/des", "crypto/dsa", "crypto/ecdh", "crypto/ecdsa",
	"crypto/ed25519", "crypto/elliptic", "crypto/hmac", "crypto/md5", "crypto/rand", "crypto/rc4",
	"crypto/rsa", "crypto/sha1", "crypto/sha256", "crypto/sha512", "crypto/subtle", "crypto/tls",
	"crypto/x509", "crypto/x509/pkix",
	"database/sql", "database/sql/driver",
	"encoding", "encoding/ascii85", "encoding/asn1", "encoding/base32", "encoding/base64", "encoding/binary",
	"encoding/csv", "encoding/gob", "encoding/hex", "encoding/json", "encoding/pem", "encoding/xml",
	"errors", "flag", "fmt",
	"go/ast", "go/build", "go/build/constraint", "go/constant", "go/doc", "go/doc/comment", "go/format",
	"go/parser", "go/printer", "go/scanner", "go/token", "go/types", "go/version",
	"hash", "hash/adler32", "hash/crc32", "hash/crc64", "hash/fnv", "hash/maphash",
	"html", "html/template",
	"image", "image/color", "image/color/palette", "image/draw", "image/gif", "image/jpeg", "image/png",
	"index/suffixarray",
	"io", "io/fs", "io/ioutil", "iter",
	"log", "log/slog",
	"maps",
	"math", "math/big", "math/bits", "math/cmplx", "math/rand", "math/rand/v2",
	"mime", "mime/multipart", "mime/quotedprintable",
	"net", "net/http", "net/http/cookiejar", "net/http/httptest",
	"net/http/httptrace", "net/http/httputil", "net/mail", "net/netip", "net/rpc",
	"net/rpc/jsonrpc", "net/smtp", "net/textproto", "net/url",
	"os", "os/signal", "os/user",
	"path", "path/filepath",
	"reflect", "regexp", "regexp/syntax",
	"runtime", "runtime/debug", "runtime/metrics", "runtime/pprof", "runtime/trace",
	"slices", "sort", "strconv", "strings", "sync", "sync/atomic",
	"testing", "testing/fstest", "testing/iotest", "testing/quick", "testing/synctest",
	"text/scanner", "text/tabwriter", "text/template", "text/template/parse",
	"time",
	"unicode", "unicode/utf16", "unicode/utf8",

	"golang.org/x/sync/errgroup", "golang.org/x/sync/semaphore", "golang.org/x/sync/singleflight",
}

// LeftOut lists the packages of yaegi's standard library that cells
// cannot import (see the package comment).
var LeftOut = []string{
	"debug/buildinfo", "debug/dwarf", "debug/elf", "debug/gosym", "debug/macho", "debug/pe", "debug/plan9obj",
	"expvar", "go/importer", "log/syslog", "net/http/cgi", "net/http/fcgi", "net/http/pprof", "testing/slogtest",
}
