package annotation

import (
	"fmt"
	"regexp"
	"strings"
)

// Severity says whether a problem stops a document from being imported.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Problem is one thing wrong with an input, and where it is.
type Problem struct {
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"`
	Pointer  string   `json:"pointer,omitempty"` // JSON pointer into the document
	Message  string   `json:"message"`
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.Pointer != "" {
		fmt.Fprintf(&b, " at %s", p.Pointer)
	}
	fmt.Fprintf(&b, ": %s: %s", p.Severity, p.Message)
	return b.String()
}

// Problems is a list of problems.
type Problems []Problem

// HasErrors reports whether any problem is an error.
func (ps Problems) HasErrors() bool {
	for _, p := range ps {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns the problems that are errors.
func (ps Problems) Errors() Problems { return ps.only(Error) }

// Warnings returns the problems that are warnings.
func (ps Problems) Warnings() Problems { return ps.only(Warning) }

func (ps Problems) only(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Lines renders problems for a person: every error, and of each sort of
// warning (the same message once what it quotes and counts is left out,
// such as `entity "…" merged into "…" by name`) the first keep, then one
// line that counts the others. keep < 0 renders every warning.
func (ps Problems) Lines(keep int) []string {
	var lines []string
	seen := map[string]int{}
	var sorts []string // in the order first met
	for _, p := range ps {
		if p.Severity == Warning && keep >= 0 {
			s := sortOf(p.Message)
			if seen[s] == 0 {
				sorts = append(sorts, s)
			}
			if seen[s]++; seen[s] > keep {
				continue
			}
		}
		lines = append(lines, p.String())
	}
	for _, s := range sorts {
		if n := seen[s] - keep; n > 0 {
			lines = append(lines, fmt.Sprintf("… and %d more warning(s) like: %s (--verbose lists every one)", n, s))
		}
	}
	return lines
}

// quoted and counted are what sortOf leaves out of a message.
var (
	quoted  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	counted = regexp.MustCompile(`\d+`)
)

// sortOf is a message without what it quotes and its numbers.
func sortOf(msg string) string {
	return counted.ReplaceAllString(quoted.ReplaceAllString(msg, `"…"`), "N")
}
