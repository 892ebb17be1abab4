package ca1

import (
	"sync"
	"testing"
	"time"

	"github.com/synlab/synlab/cascade"
)

func TestParCascade(t *testing.T) {
	mk := func() *cascade.Cascade { c, _ := cascade.New(cascade.Default(), nil); return c }
	d := cascade.SpineLikeTrain(0.001, 300, 0)
	run := func(c *cascade.Cascade) { _ = c.AdvanceTrain(d, 300000, nil, nil) }
	a, b := mk(), mk()
	t0 := time.Now()
	run(a)
	run(b)
	t.Log("serial", time.Since(t0))
	a, b = mk(), mk()
	t0 = time.Now()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { run(a); wg.Done() }()
	go func() { run(b); wg.Done() }()
	wg.Wait()
	t.Log("parallel", time.Since(t0))
}
