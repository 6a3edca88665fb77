// Package bytecache is a direct-mapped cache from byte strings to immutable
// values: each key maps to one of a fixed number of slots by a seeded hash,
// and a new entry replaces its slot's old one. Memory stays bounded, lookups
// take no lock and allocate nothing.
package bytecache

import (
	"hash/maphash"
	"sync/atomic"
)

// Cache holds at most len(slots) entries of keys up to maxKey bytes.
type Cache[V any] struct {
	seed   maphash.Seed
	maxKey int
	slots  []atomic.Pointer[entry[V]]
}

type entry[V any] struct {
	key string
	val V
}

// New returns a cache of slots entries that leaves keys above maxKey bytes
// out.
func New[V any](slots, maxKey int) *Cache[V] {
	return &Cache[V]{seed: maphash.MakeSeed(), maxKey: maxKey, slots: make([]atomic.Pointer[entry[V]], slots)}
}

// Slot is where one key's entry lives; the zero Slot (a key too long to
// cache) finds and keeps nothing. Finding the slot once serves a lookup and
// the store after a miss.
type Slot[V any] struct{ p *atomic.Pointer[entry[V]] }

// Slot returns key's slot.
func (c *Cache[V]) Slot(key []byte) Slot[V] {
	if len(key) > c.maxKey {
		return Slot[V]{}
	}
	return Slot[V]{&c.slots[maphash.Bytes(c.seed, key)%uint64(len(c.slots))]}
}

// Get returns the value stored for exactly key.
func (s Slot[V]) Get(key []byte) (v V, ok bool) {
	if s.p == nil {
		return v, false
	}
	if e := s.p.Load(); e != nil && e.key == string(key) {
		return e.val, true
	}
	return v, false
}

// Put stores v for key (copied), replacing the slot's entry.
func (s Slot[V]) Put(key []byte, v V) {
	if s.p != nil {
		s.p.Store(&entry[V]{key: string(key), val: v})
	}
}
