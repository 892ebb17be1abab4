package purkinje

import "math"

// pow is x^n for x ≥ 0, by repeated multiplication when n is a small whole
// number (the Hill coefficients of the defaults), else math.Pow.
func pow(x, n float64) float64 {
	if k := int(n); float64(k) == n && k >= 0 && k <= 8 {
		r := 1.0
		for range k {
			r *= x
		}
		return r
	}
	return math.Pow(x, n)
}
