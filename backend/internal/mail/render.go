package mail

import (
	"bytes"
	"html/template"
	"strings"
)

// Content is what a domain says in a message; Render lays it out as text and HTML, so every
// message looks alike and no domain writes HTML.
type Content struct {
	Subject    string
	Greeting   string   // "Hello Anna,"
	Paragraphs []string // plain text, one per paragraph
	Action     *Action  // a button (HTML) or a link line (text)
	Footer     string
}

// Action is a link the reader is asked to follow.
type Action struct {
	Label string
	URL   string
}

var htmlLayout = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.C.Subject}}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933;max-width:36rem;margin:0 auto;padding:1rem">
{{if .C.Greeting}}<p>{{.C.Greeting}}</p>{{end}}
{{range .C.Paragraphs}}<p>{{.}}</p>
{{end}}{{with .C.Action}}<p><a href="{{.URL}}" style="display:inline-block;padding:.6rem 1rem;background:#1d4ed8;color:#fff;border-radius:.4rem;text-decoration:none">{{.Label}}</a></p>
<p style="font-size:.85rem;color:#52606d">{{.URL}}</p>
{{end}}{{if .C.Footer}}<hr><p style="font-size:.85rem;color:#52606d">{{.C.Footer}}</p>{{end}}
</body></html>
`))

// Render returns the text and HTML bodies of c in locale (the HTML's lang attribute).
func Render(locale string, c Content) (text, html string, err error) {
	var t strings.Builder
	if c.Greeting != "" {
		t.WriteString(c.Greeting + "\n\n")
	}
	for _, p := range c.Paragraphs {
		t.WriteString(p + "\n\n")
	}
	if c.Action != nil {
		t.WriteString(c.Action.Label + ":\n" + c.Action.URL + "\n\n")
	}
	if c.Footer != "" {
		t.WriteString("-- \n" + c.Footer + "\n")
	}
	var h bytes.Buffer
	if err := htmlLayout.Execute(&h, struct {
		Lang string
		C    Content
	}{LangTag(locale), c}); err != nil {
		return "", "", err
	}
	return t.String(), h.String(), nil
}
