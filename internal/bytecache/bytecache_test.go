package bytecache

import "testing"

func TestCache(t *testing.T) {
	c := New[int](4, 8)
	a, b := []byte("key a"), []byte("key b")
	s := c.Slot(a)
	if _, ok := s.Get(a); ok {
		t.Fatal("an empty cache found a value")
	}
	s.Put(a, 1)
	if v, ok := c.Slot([]byte("key a")).Get(a); !ok || v != 1 {
		t.Errorf("Get = %v, %v; want 1, true", v, ok)
	}
	// Another key stored in a's slot must not answer for a.
	s.Put(b, 2)
	if v, ok := s.Get(a); ok {
		t.Errorf("a's slot holding b's entry answered a with %v", v)
	}
	if v, ok := s.Get(b); !ok || v != 2 {
		t.Errorf("Get(b) = %v, %v; want 2, true", v, ok)
	}
	long := []byte("longer than eight")
	ls := c.Slot(long)
	ls.Put(long, 3)
	if _, ok := c.Slot(long).Get(long); ok {
		t.Error("a key above the bound was kept")
	}
	if n := testing.AllocsPerRun(100, func() { c.Slot(b).Get(b) }); n != 0 {
		t.Errorf("a lookup allocates %v times", n)
	}
}
