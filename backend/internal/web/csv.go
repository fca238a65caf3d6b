package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"time"
	_ "time/tzdata" // the club's zone must load in images without a zoneinfo database

	"github.com/labstack/echo/v4"
)

// ClubZone is where the club is: local dates and times (timetables, CSV exports, monthly
// reports) are in this zone; the database holds UTC.
var ClubZone = mustZone("Europe/Zurich")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("time zone %s: %v", name, err))
	}
	return loc
}

// CSV is a download for spreadsheets as Swiss offices open them: UTF-8 with a byte order mark
// (so Excel detects the encoding), semicolon-separated (the comma is not the list separator in
// de-CH), CRLF line ends.
type CSV struct {
	w *csv.Writer
}

// StartCSV answers 200 text/csv as an attachment named filename and writes the header row.
func StartCSV(c echo.Context, filename string, header []string) (*CSV, error) {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, filename))
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	if _, err := c.Response().Write([]byte("\ufeff")); err != nil {
		return nil, err
	}
	w := csv.NewWriter(c.Response())
	w.Comma, w.UseCRLF = ';', true
	out := &CSV{w: w}
	return out, out.Row(header...)
}

// Row writes one row. A cell starting with = + - @ gets a leading apostrophe, so a member's name
// cannot become a spreadsheet formula (CSV injection); numbers are written by the caller with
// Amount or strconv and are not touched unless negative.
func (c *CSV) Row(cells ...string) error {
	for i, v := range cells {
		if v != "" && strings.ContainsRune("=+@\t\r", rune(v[0])) || (strings.HasPrefix(v, "-") && !isNumber(v)) {
			cells[i] = "'" + v
		}
	}
	return c.w.Write(cells)
}

// Flush writes what is buffered and reports a write error.
func (c *CSV) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

func isNumber(v string) bool {
	for i, r := range v {
		if !(r >= '0' && r <= '9' || r == '.' || (i == 0 && r == '-')) {
			return false
		}
	}
	return len(v) > 1
}

// Amount formats Rappen as francs with two decimals ("1234.50"), the form spreadsheets read as a
// number in every locale setting we ship.
func Amount(rappen int64) string {
	sign := ""
	if rappen < 0 {
		sign, rappen = "-", -rappen
	}
	return fmt.Sprintf("%s%d.%02d", sign, rappen/100, rappen%100)
}

// LocalTime formats t in the club's zone as "2006-01-02 15:04" ("" for nil).
func LocalTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(ClubZone).Format("2006-01-02 15:04")
}
