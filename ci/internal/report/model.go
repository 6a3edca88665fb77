package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/forkcrypto/forkcrypto/ci/internal/legresult"
)

// legDir is one expected leg and where its results would be.
type legDir struct {
	name, arch, dir string
	native          bool
}

func (l legDir) label() string {
	if l.native {
		return l.name
	}
	return l.name + " (" + l.arch + ")"
}

// info is what forkcrypto info -json prints (cmd/forkcrypto).
type info struct {
	Backend struct {
		Fork, Version, FIPSModule, GoVersion string
		FIPS, FIPSOnly                       bool
	}
	Capabilities []struct {
		Name, Status, Reason string
		FIPSApproved         bool
		Allowed              bool
	}
}

const notRun = "NOT RUN"

type legRow struct {
	Name, Arch, Where, Library, Go, FIPS, Result, Wall, Note string
	Passed, Failed, Skipped                                  string
}

type capCell struct{ Text, Class, Title string }

type capRow struct {
	Name  string
	Cells []capCell
}

type speedChart struct {
	Op  string
	SVG template.HTML
}

type page struct {
	Generated               string
	Legs                    []legRow
	Passed, Failed, Skipped int // legs
	NotRun                  int
	CapLegs                 []string
	Caps                    []capRow
	CapMissing              []string
	Speed                   []speedChart
	SpeedLegs, SpeedMissing []string
	Legend                  []legendEntry
}

type legendEntry struct {
	Label string
	Color template.CSS
}

// build reads every leg's files. A leg with no test.meta is not run; a file that exists
// but cannot be read is an error, so the page never hides a broken input.
func build(legs []legDir, now time.Time) (*page, error) {
	p := &page{Generated: now.Format("2006-01-02 15:04 UTC")}
	for _, s := range series {
		p.Legend = append(p.Legend, legendEntry{s.label, template.CSS(s.color)})
	}
	infos := make([]*info, len(legs))
	for i, l := range legs {
		row := legRow{Name: l.name, Arch: l.arch, Where: "container", Passed: "–", Failed: "–", Skipped: "–",
			Library: "–", Go: "–", FIPS: "–", Wall: "–"}
		if l.native {
			row.Where = "native"
		}
		s, err := legresult.Summarise(l.dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			row.Result, row.Note = notRun, "no results in "+l.dir
			p.NotRun++
			p.Legs = append(p.Legs, row)
			continue
		case err != nil:
			return nil, err
		}
		row.Result, row.Note = s.Result, s.Note
		if s.Wall != "" {
			row.Wall = s.Wall + " s"
		}
		switch s.Result {
		case legresult.Pass:
			p.Passed++
		case legresult.Fail:
			p.Failed++
		default:
			p.Skipped++
		}
		if !s.Provisioned { // never reached the fork: no counts, library, Go or FIPS state
			p.Legs = append(p.Legs, row)
			continue
		}
		row.Passed, row.Failed, row.Skipped = fmt.Sprint(s.Passed), fmt.Sprint(s.Failed), fmt.Sprint(s.Skips)
		row.Library, row.Go = s.Version, s.Go
		if infos[i], err = readInfo(l.dir); err != nil {
			return nil, err
		}
		switch in := infos[i]; {
		case in == nil:
			row.FIPS = "unknown (no info.json)"
		case in.Backend.FIPS:
			row.FIPS = "on: " + in.Backend.FIPSModule
		default:
			row.FIPS = "off"
		}
		if in := infos[i]; in != nil && in.Backend.FIPSOnly {
			row.FIPS += ", FIPS-only mode"
		}
		p.Legs = append(p.Legs, row)
	}
	p.capabilities(legs, infos)
	return p, p.speed(legs)
}

func readInfo(dir string) (*info, error) {
	b, err := os.ReadFile(filepath.Join(dir, "info.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	in := new(info)
	if err := json.Unmarshal(b, in); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, "info.json"), err)
	}
	return in, nil
}

// capabilities fills the algorithm × leg matrix from the legs that left an info.json.
func (p *page) capabilities(legs []legDir, infos []*info) {
	var names []string
	cells := map[string]map[int]capCell{}
	var cols []int
	for i, in := range infos {
		if in == nil {
			p.CapMissing = append(p.CapMissing, legs[i].label())
			continue
		}
		cols = append(cols, i)
		p.CapLegs = append(p.CapLegs, legs[i].label())
		for _, c := range in.Capabilities {
			if cells[c.Name] == nil {
				cells[c.Name] = map[int]capCell{}
				names = append(names, c.Name)
			}
			cell := capCell{Text: c.Status, Class: c.Status}
			if c.Status != "unsupported" && !c.Allowed {
				cell = capCell{Text: "refused (FIPS)", Class: "refused", Title: c.Reason}
			}
			cells[c.Name][i] = cell
		}
	}
	for _, n := range names {
		row := capRow{Name: n}
		for _, i := range cols {
			c, ok := cells[n][i]
			if !ok {
				c = capCell{Text: "not listed", Class: "notrun"}
			}
			row.Cells = append(row.Cells, c)
		}
		p.Caps = append(p.Caps, row)
	}
}

// series are the bars of each leg's group, in this order.
var series = []struct{ variant, label, color string }{
	{"forkcrypto", "forkcrypto", "#1f5fa8"},
	{"cfloor", "C loop on the same library", "#8a8f98"},
	{"stdlib", "Go standard library", "#2f8f4e"},
	{"golangfips", "golang-fips/openssl (OpenSSL legs)", "#c98a12"},
	{"ckept", "C import keeping the last 1,024 keys", "#b4b8bf"},
	{"d2i", "the library's DER decoder in C", "#5d636b"},
	{"mulbase", "one fixed-base scalar multiplication in C", "#d3d6da"},
}

// speed draws one chart per operation from the native legs' bench.txt.
func (p *page) speed(legs []legDir) error {
	type legBench struct {
		label string
		rows  map[string]*legresult.BenchRow
	}
	var benched []legBench
	var ops []string
	seen := map[string]bool{}
	for _, l := range legs {
		file := filepath.Join(l.dir, "bench.txt")
		if _, err := os.Stat(file); !l.native || err != nil {
			p.SpeedMissing = append(p.SpeedMissing, l.label())
			continue
		}
		order, rows, err := legresult.ParseBench(file)
		if err != nil {
			return err
		}
		if len(order) == 0 {
			p.SpeedMissing = append(p.SpeedMissing, l.label()+" (bench.txt has no results)")
			continue
		}
		benched = append(benched, legBench{l.label(), rows})
		p.SpeedLegs = append(p.SpeedLegs, l.label())
		for _, op := range order {
			if !seen[op] {
				seen[op] = true
				ops = append(ops, op)
			}
		}
	}
	for _, op := range ops {
		var groups []barGroup
		for _, b := range benched {
			g := barGroup{label: b.label}
			if r := b.rows[op]; r != nil {
				for _, s := range series {
					if ns, ok := r.Median(s.variant); ok {
						g.bars = append(g.bars, bar{s.variant, s.color, ns})
					}
				}
			}
			groups = append(groups, g)
		}
		p.Speed = append(p.Speed, speedChart{Op: op, SVG: chart(groups)})
	}
	return nil
}

type bar struct {
	variant, color string
	ns             float64
}

type barGroup struct {
	label string
	bars  []bar
}

// chart draws horizontal bars, one group per leg, on one linear scale per operation, each
// bar labelled with its time and forkcrypto's also with its ratio to the C loop.
func chart(groups []barGroup) template.HTML {
	const (
		width, labelW, barW = 760, 170, 400
		barH, gap, groupGap = 14, 3, 12
	)
	var top float64
	height := groupGap
	for _, g := range groups {
		for _, b := range g.bars {
			top = max(top, b.ns)
		}
		rows := len(g.bars)
		if rows == 0 || g.bars[0].variant != "forkcrypto" {
			rows++ // the line saying what is missing
		}
		height += rows*(barH+gap) + groupGap
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img">`,
		width, height, width, height)
	y := groupGap
	for _, g := range groups {
		fmt.Fprintf(&sb, `<text x="0" y="%d" class="leg">%s</text>`, y+barH-3, html.EscapeString(g.label))
		switch {
		case len(g.bars) == 0:
			fmt.Fprintf(&sb, `<text x="%d" y="%d" class="na">not run on this leg</text>`, labelW, y+barH-3)
		case g.bars[0].variant != "forkcrypto":
			fmt.Fprintf(&sb, `<text x="%d" y="%d" class="na">forkcrypto: no result (unsupported on this leg)</text>`, labelW, y+barH-3)
			y += barH + gap
		}
		var floor float64
		for _, b := range g.bars {
			if b.variant == "cfloor" {
				floor = b.ns
			}
		}
		for _, b := range g.bars {
			w := max(b.ns/top*barW, 1)
			text := formatNS(b.ns)
			if b.variant == "forkcrypto" && floor > 0 {
				text += fmt.Sprintf(" · %.2f× C loop", b.ns/floor)
			}
			fmt.Fprintf(&sb, `<rect class="bar %s" x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`,
				b.variant, labelW, y, w, barH, b.color)
			fmt.Fprintf(&sb, `<text x="%.1f" y="%d" class="val">%s</text>`, float64(labelW)+w+4, y+barH-3, html.EscapeString(text))
			y += barH + gap
		}
		if len(g.bars) == 0 {
			y += barH + gap
		}
		y += groupGap
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

func formatNS(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}
