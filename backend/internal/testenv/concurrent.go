package testenv

import (
	"sync"
	"time"
)

// Rush runs n goroutines that each first run prepare(i) (build a request, warm a connection)
// and return the action to race; once all n are prepared, the actions are released at the same
// moment. Rush returns when every action has finished, with the time from the release to then.
func Rush(n int, prepare func(i int) (action func())) time.Duration {
	start := make(chan struct{})
	var ready, done sync.WaitGroup
	for i := range n {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			action := prepare(i)
			ready.Done()
			<-start
			action()
		}()
	}
	ready.Wait()
	began := time.Now()
	close(start)
	done.Wait()
	return time.Since(began)
}

// AllAtOnce runs f(0) … f(n-1) in n goroutines released at the same moment (the closest a test
// gets to n requests arriving together) and returns each call's error, by i.
func AllAtOnce(n int, f func(i int) error) []error {
	errs := make([]error, n)
	Rush(n, func(i int) func() {
		return func() { errs[i] = f(i) }
	})
	return errs
}

// CountErrors counts the nil errors and those match accepts (usually an errors.Is); any other
// error is returned as unexpected.
func CountErrors(errs []error, match func(err error) bool) (ok, matched int, unexpected []error) {
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case match(err):
			matched++
		default:
			unexpected = append(unexpected, err)
		}
	}
	return ok, matched, unexpected
}
