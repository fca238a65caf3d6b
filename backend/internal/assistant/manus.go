package assistant

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Writer turns a prompt into text. Manus is the one implementation; tests use a fake server.
type Writer interface {
	Write(ctx context.Context, prompt string) (string, error)
}

// Manus talks to the Manus API. The request shape is an assumption taken from Manus's public
// API v1 reference (open.manus.ai/docs, "CreateTask" and "GetTask"; v1 is marked deprecated in
// favour of v2, which uses POST /v2/task.create with an x-manus-api-key header):
//
//	POST {base}/v1/tasks            header API_KEY: <key>
//	     {"prompt": "...", "agentProfile": "manus-1.6-lite", "taskMode": "chat", "hideInTaskList": true}
//	  →  {"task_id": "...", "task_title": "...", "task_url": "..."}
//	GET  {base}/v1/tasks/{task_id}  header API_KEY: <key>
//	  →  {"id": "...", "status": "pending"|"running"|"completed"|"failed"|"stopped", "error"?: "...",
//	      "output": [{"role": "assistant", "content": [{"type": "output_text", "text": "..."}]}]}
//
// Only this type knows the shape: moving to v2 changes this file, nothing else.
type Manus struct {
	Key          string
	Base         string // https://api.manus.ai
	Profile      string // agentProfile; default manus-1.6-lite
	HTTP         *http.Client
	PollInterval time.Duration // default 5 s
	MaxWait      time.Duration // default 10 min
}

type manusCreate struct {
	Prompt         string `json:"prompt"`
	AgentProfile   string `json:"agentProfile"`
	TaskMode       string `json:"taskMode"`
	HideInTaskList bool   `json:"hideInTaskList"`
}

type manusTask struct {
	ID     string `json:"id"`
	TaskID string `json:"task_id"`
	Status string `json:"status"`
	Error  string `json:"error"`
	Output []struct {
		Role    string `json:"role"`
		Content []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"content"`
	} `json:"output"`
}

// ErrWriter is returned when the writer service refuses or fails a task.
var ErrWriter = errors.New("assistant: writer failed")

// Write creates a task and polls it until it completes.
func (m *Manus) Write(ctx context.Context, prompt string) (string, error) {
	profile := m.Profile
	if profile == "" {
		profile = "manus-1.6-lite"
	}
	var created manusTask
	if err := m.do(ctx, http.MethodPost, "/v1/tasks", manusCreate{Prompt: prompt, AgentProfile: profile, TaskMode: "chat", HideInTaskList: true}, &created); err != nil {
		return "", err
	}
	id := created.TaskID
	if id == "" {
		id = created.ID
	}
	if id == "" {
		return "", fmt.Errorf("%w: no task id in the answer", ErrWriter)
	}
	poll, maxWait := m.PollInterval, m.MaxWait
	if poll <= 0 {
		poll = 5 * time.Second
	}
	if maxWait <= 0 {
		maxWait = 10 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, maxWait)
	defer cancel()
	for {
		var task manusTask
		if err := m.do(ctx, http.MethodGet, "/v1/tasks/"+id, nil, &task); err != nil {
			return "", err
		}
		switch task.Status {
		case "completed":
			text := assistantText(task)
			if text == "" {
				return "", fmt.Errorf("%w: task %s completed without text", ErrWriter, id)
			}
			return text, nil
		case "failed", "stopped":
			return "", fmt.Errorf("%w: task %s %s: %s", ErrWriter, id, task.Status, task.Error)
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("%w: task %s: %v", ErrWriter, id, ctx.Err())
		case <-time.After(poll):
		}
	}
}

// assistantText joins the text of the last assistant message.
func assistantText(t manusTask) string {
	for i := len(t.Output) - 1; i >= 0; i-- {
		if t.Output[i].Role != "assistant" {
			continue
		}
		var parts []string
		for _, c := range t.Output[i].Content {
			if c.Type == "output_text" && strings.TrimSpace(c.Text) != "" {
				parts = append(parts, strings.TrimSpace(c.Text))
			}
		}
		if len(parts) > 0 {
			return strings.Join(parts, "\n\n")
		}
	}
	return ""
}

func (m *Manus) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(m.Base, "/")+path, body)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrWriter, err)
	}
	req.Header.Set("API_KEY", m.Key)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := m.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %s %s: %v", ErrWriter, method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%w: %s %s: status %d", ErrWriter, method, path, resp.StatusCode)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("%w: %s %s: unreadable answer", ErrWriter, method, path)
	}
	return nil
}
