package program

import "errors"

// Problems gathers a form's refusals so that a person learns of all of them
// at once, not one per attempt. The zero value is ready to use.
//
//	var p program.Problems
//	p.Add(CheckLine("name", name, MaxName))
//	p.Add(Required("country", country, "Enter the country."))
//	return p.Err()
type Problems []error

// Add keeps err when it is not nil.
func (p *Problems) Add(err error) {
	if err != nil {
		*p = append(*p, err)
	}
}

// Err is every problem as one error (nil when there is none): a refusal
// chain that AsRefusal reads as its first and Refusals lists whole.
func (p Problems) Err() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	return errors.Join(p...)
}

// Has reports whether one of the problems is about field.
func (p Problems) Has(field string) bool {
	for _, r := range Refusals(p.Err()) {
		if r.Field == field {
			return true
		}
	}
	return false
}

// Refusals lists every refusal in err, in order: one for a plain refusal,
// each of them for errors.Join of several (nil when err holds none).
func Refusals(err error) []*Refusal {
	var out []*Refusal
	var walk func(error)
	walk = func(e error) {
		switch e := e.(type) {
		case nil:
		case *Refusal:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
}
