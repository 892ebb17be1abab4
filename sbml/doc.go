// Package sbml reads and simulates SBML models (Systems Biology Markup
// Language, Level 2 versions 1–5 and Level 3 versions 1–2, core): the
// published form of biochemical networks such as calmodulin–CaMKII–
// calcineurin cascades.
//
// Description, compilation and simulation are separate steps:
//
//	m, err := sbml.Read(r)             // *Model: the document, defaults filled in
//	c, err := sbml.Compile(m, opt)     // *Compiled: immutable, shareable
//	s, err := c.New()                  // *Sim: state at t = 0, events pending
//	err = s.AdvanceTo(t1, ts, obs)     // integrate, executing events
//
// Conventions:
//   - Units are the model's own: time in its time units (the Test Suite's
//     seconds), species in its substance and volume units. Nothing is
//     converted inside the package except by Network (coupling.go), which
//     states its conversions to synlab's ms and µM.
//   - A species reads in math as a concentration (amount / compartment
//     size) unless hasOnlySubstanceUnits is true; the state holds amounts
//     for species changed by reactions, so a changing compartment dilutes
//     them as the specification says, and values for rate-rule variables.
//   - MathML is compiled once into closures (expr.go); function
//     definitions are inlined at each call; rules, rates and conversions are
//     evaluated in one dependency order fixed at compile time, and a cyclic
//     dependency is an error naming its members.
//   - The solver is ode.Rodas4 (stiffly accurate, L-stable), with a
//     Jacobian pattern from the dependency graph for larger models; events
//     are located by bisection on its dense output to float64 resolution.
//   - The reader takes an io.Reader or []byte and does no other I/O; there
//     are no globals. Errors name the element id and the line.
//
// What is not simulated is listed by Compiled.Unsupported: fast reactions
// run at a finite (very large) rate; constraints are not enforced.
package sbml
