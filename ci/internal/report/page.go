package main

import "html/template"

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>forkcrypto matrix report</title>
<style>
body { font: 14px/1.4 "DejaVu Sans", sans-serif; margin: 24px; color: #1a1a1a; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 14px; margin: 16px 0 2px; font-family: "DejaVu Sans Mono", monospace; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d4da; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
td.num { text-align: right; }
td.result { white-space: nowrap; }
.PASS { background: #d8f0de; } .FAIL { background: #f8d2d0; font-weight: bold; }
.SKIPPED { background: #e6e6e6; } .NOT-RUN, .notrun { background: #fbe7b5; }
.native { background: #d8f0de; } .composed { background: #dbe8f8; }
.unsupported { background: #e6e6e6; color: #555; } .refused { background: #f3d9f0; }
.caps td, .caps th { font-size: 12px; padding: 2px 5px; }
.legend span { display: inline-block; margin-right: 14px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
svg text { font: 11px "DejaVu Sans", sans-serif; fill: #1a1a1a; }
svg text.na { fill: #9a6b00; }
.muted { color: #555; }
</style>
</head>
<body>
<h1>forkcrypto matrix report</h1>
<p class="muted">Generated {{.Generated}} from the results under .forks/ (make test, make docker-matrix, make bench).
Legs: {{.Passed}} passed, {{.Failed}} failed, {{.Skipped}} skipped, {{.NotRun}} not run.</p>

<h2 id="legs">Legs</h2>
<table class="legs">
<tr><th>leg</th><th>arch</th><th>where</th><th>library</th><th>Go</th><th>FIPS</th><th>result</th><th>passed</th><th>failed</th><th>skipped</th><th>wall</th><th>note</th></tr>
{{range .Legs}}<tr><td>{{.Name}}</td><td>{{.Arch}}</td><td>{{.Where}}</td><td>{{.Library}}</td><td>{{.Go}}</td><td>{{.FIPS}}</td><td class="result {{if eq .Result "NOT RUN"}}NOT-RUN{{else}}{{.Result}}{{end}}">{{.Result}}</td><td class="num">{{.Passed}}</td><td class="num">{{.Failed}}</td><td class="num">{{.Skipped}}</td><td class="num">{{.Wall}}</td><td>{{.Note}}</td></tr>
{{end}}</table>
<p class="muted">Counts are top-level tests. A leg without results is "NOT RUN"; a skipped leg is never counted as passed.</p>

<h2 id="capabilities">Capabilities</h2>
{{if .CapLegs}}<table class="caps">
<tr><th>algorithm</th>{{range .CapLegs}}<th>{{.}}</th>{{end}}</tr>
{{range .Caps}}<tr><td>{{.Name}}</td>{{range .Cells}}<td class="{{.Class}}"{{if .Title}} title="{{.Title}}"{{end}}>{{.Text}}</td>{{end}}</tr>
{{end}}</table>
<p class="muted">native: the fork computes it; composed: built here from the fork's primitives; unsupported: the fork lacks it; refused (FIPS): the fork's FIPS module or FIPS-only mode refuses it (hover for the reason).</p>
{{else}}<p class="NOT-RUN">No leg left an info.json: not run.</p>{{end}}
{{if .CapMissing}}<p>No capability table (leg skipped or not run): {{range $i, $l := .CapMissing}}{{if $i}}, {{end}}{{$l}}{{end}}.</p>{{end}}

<h2 id="speed">Speed</h2>
{{if .Speed}}<p class="legend">{{range .Legend}}<span><i style="background:{{.Color}}"></i>{{.Label}}</span>{{end}}</p>
<p class="muted">Median ns/op of each leg's go test -bench run ({{range $i, $l := .SpeedLegs}}{{if $i}}, {{end}}{{$l}}{{end}}); one scale per operation; shorter is faster. Ratios compare figures from the same run.</p>
{{range .Speed}}<h3>{{.Op}}</h3>
{{.SVG}}
{{end}}{{else}}<p class="NOT-RUN">No benchmark results: not run (make bench).</p>{{end}}
{{if .SpeedMissing}}<p>Not benchmarked: {{range $i, $l := .SpeedMissing}}{{if $i}}, {{end}}{{$l}}{{end}}.</p>{{end}}
</body>
</html>
`))
