package ode

// Rodas4Tableau holds the coefficients of Rodas4 (the constants of
// rosenbrock.go, Hairer's rodas.f with METH = 1) for a solver that writes
// the method's stages for a structured linear algebra of its own (package
// ca1's cable: block elimination in place of a dense Jacobian), so the
// table is written once.
type Rodas4Tableau struct {
	Gamma                        float64
	A21, A31, A32, A41, A42, A43 float64
	A51, A52, A53, A54           float64
	C21, C31, C32, C41, C42, C43 float64
	C51, C52, C53, C54           float64
	C61, C62, C63, C64, C65      float64
	H21, H22, H23, H24, H25      float64 // dense output, first coefficient set
	H31, H32, H33, H34, H35      float64 // dense output, second coefficient set
}

// Rodas4Coefficients returns the Rodas4 table used by Rodas4.
func Rodas4Coefficients() Rodas4Tableau {
	return Rodas4Tableau{
		Gamma: rdGamma,
		A21:   rdA21, A31: rdA31, A32: rdA32, A41: rdA41, A42: rdA42, A43: rdA43,
		A51: rdA51, A52: rdA52, A53: rdA53, A54: rdA54,
		C21: rdC21, C31: rdC31, C32: rdC32, C41: rdC41, C42: rdC42, C43: rdC43,
		C51: rdC51, C52: rdC52, C53: rdC53, C54: rdC54,
		C61: rdC61, C62: rdC62, C63: rdC63, C64: rdC64, C65: rdC65,
		H21: rdH21, H22: rdH22, H23: rdH23, H24: rdH24, H25: rdH25,
		H31: rdH31, H32: rdH32, H33: rdH33, H34: rdH34, H35: rdH35,
	}
}
