package testenv

import "sync"

// AllAtOnce runs f(0) … f(n-1) in n goroutines released at the same moment (the closest a test
// gets to n requests arriving together) and returns each call's error, by i.
func AllAtOnce(n int, f func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = f(i)
		}()
	}
	close(start)
	wg.Wait()
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
