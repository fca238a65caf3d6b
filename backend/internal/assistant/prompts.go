package assistant

import (
	"fmt"
	"strings"
	"time"
)

func classDescriptionPrompt(ct ClassTypeFacts) string {
	var b strings.Builder
	b.WriteString("You write for a Swiss fitness club's website. Write an inviting class description of 60 to 100 words, ")
	b.WriteString("in plain text without headings, for this class. Do not invent prices or times.\n\n")
	fmt.Fprintf(&b, "Class: %s\nLevel: %s\nDuration: %d minutes\n", ct.Name, ct.Level, ct.DurationMinutes)
	if strings.TrimSpace(ct.Description) != "" {
		fmt.Fprintf(&b, "Current description: %s\n", ct.Description)
	}
	return b.String()
}

func weeklySummaryPrompt(from, to time.Time, week []ClassWeek) string {
	var b strings.Builder
	b.WriteString("You help the manager of a Swiss fitness club. Summarise last week's attendance in 5 to 8 short ")
	b.WriteString("bullet points: what was full, what was under-used, no-shows, and one suggestion. Use only these aggregate figures.\n\n")
	fmt.Fprintf(&b, "Week: %s to %s (UTC)\n", from.Format("2006-01-02"), to.Format("2006-01-02"))
	if len(week) == 0 {
		b.WriteString("No classes took place.\n")
	}
	for _, w := range week {
		fmt.Fprintf(&b, "- %s: %d sessions, %d seats, %d booked, %d checked in, %d no-shows, %d cancellations\n",
			w.ClassType, w.Sessions, w.Capacity, w.Booked, w.CheckedIn, w.NoShow, w.Cancelled)
	}
	return b.String()
}
