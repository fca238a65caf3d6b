// Package patch applies the optional fields of a request body (nil: not given) to the value
// they change, the way every create and PATCH input of the API reads.
package patch

import "strings"

// Set stores *v in dst when v was given.
func Set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// SetTrimmed stores *v without its surrounding white space in dst when v was given (names and
// rooms are stored trimmed).
func SetTrimmed(dst *string, v *string) {
	if v != nil {
		*dst = strings.TrimSpace(*v)
	}
}
