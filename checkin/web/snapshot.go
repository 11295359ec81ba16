package web

import (
	"cmp"
	"context"
	"encoding/binary"
	"slices"
	"strings"

	"github.com/desk-event/desk/checkin"
)

// snapshot is the search index at one registrants version; it is never
// changed once built. Everyone's search key is in one string, in name
// order (last name, first name, then id), so that the first hits are
// already sorted: person i's key is text[start(i):ends[i]], their folded
// first name, last name and organisation without spaces, followed by a NUL
// that no search word contains. A trigram index says which people hold
// each three bytes, so that a search checks a few keys rather than
// scanning them all. Only ids are kept; the hits are read from the
// database.
type snapshot struct {
	version int64
	text    string
	ends    []uint32
	ids     []int64
	// postings of trigram bucket b: postings[from[b]:from[b+1]], the
	// people who hold a trigram of that bucket, in increasing order, each
	// written as the uvarint of its distance from the previous one (+1).
	from     []uint32
	postings []byte
}

// buckets is how many lists the trigrams are hashed into: two trigrams
// sharing a list only make a search check a few more keys.
const buckets = 1 << 16

// bucket hashes the trigram at s[i:i+3].
func bucket(s string, i int) uint32 {
	h := uint32(s[i])<<16 | uint32(s[i+1])<<8 | uint32(s[i+2])
	return (h * 2654435761) >> 16
}

// build reads everyone's names and makes a snapshot. The version is read
// first: a change during the reading makes the snapshot look older than
// it is, and the next search rebuilds it, never the reverse.
func build(ctx context.Context, store Store) (*snapshot, error) {
	v, err := store.RegistrantsVersion(ctx)
	if err != nil {
		return nil, err
	}
	type entry struct {
		id       int64
		key, ord string
	}
	var all []entry
	size := 0
	err = store.RegistrantNames(ctx, func(id int64, first, last, org string) {
		key := strings.ReplaceAll(checkin.SearchFold(first+" "+last+" "+org), " ", "")
		all = append(all, entry{id: id, key: key, ord: checkin.SearchFold(last + " " + first)})
		size += len(key) + 1
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(a, b entry) int {
		return cmp.Or(strings.Compare(a.ord, b.ord), cmp.Compare(a.id, b.id))
	})
	s := &snapshot{version: v, ends: make([]uint32, len(all)), ids: make([]int64, len(all))}
	var text strings.Builder
	text.Grow(size)
	for i, e := range all {
		text.WriteString(e.key)
		s.ends[i], s.ids[i] = uint32(text.Len()), e.id
		text.WriteByte(0)
	}
	s.text = text.String()
	s.indexTrigrams()
	return s, nil
}

// indexTrigrams writes the postings of every trigram bucket.
func (s *snapshot) indexTrigrams() {
	lists := make([][]byte, buckets)
	last := make([]int32, buckets)
	var seen []uint32
	for i := range s.ends {
		key := s.key(i)
		seen = seen[:0]
		for j := 0; j+3 <= len(key); j++ {
			seen = append(seen, bucket(key, j))
		}
		slices.Sort(seen)
		for _, b := range slices.Compact(seen) {
			lists[b] = binary.AppendUvarint(lists[b], uint64(int32(i)-last[b]+1))
			last[b] = int32(i) + 1
		}
	}
	s.from = make([]uint32, buckets+1)
	size := 0
	for b, l := range lists {
		s.from[b], size = uint32(size), size+len(l)
	}
	s.from[buckets] = uint32(size)
	s.postings = make([]byte, 0, size)
	for _, l := range lists {
		s.postings = append(s.postings, l...)
	}
}

// key is person i's search key.
func (s *snapshot) key(i int) string {
	start := 0
	if i > 0 {
		start = int(s.ends[i-1]) + 1
	}
	return s.text[start:s.ends[i]]
}

// find returns the ids of the first people, in name order, whose key holds
// every word (words of SearchFold, at least one), at most limit of them.
// It walks the shortest list of the words' trigrams, skips the people
// missing from the second shortest, and checks the keys of the others.
func (s *snapshot) find(words []string, limit int) []int64 {
	var lists []postingList
	for _, w := range words {
		for j := 0; j+3 <= len(w); j++ {
			b := bucket(w, j)
			lists = append(lists, postingList{data: s.postings[s.from[b]:s.from[b+1]], at: -1})
		}
	}
	if len(lists) == 0 { // words of one or two letters: read every key
		return s.scan(words, limit)
	}
	slices.SortFunc(lists, func(a, b postingList) int { return cmp.Compare(len(a.data), len(b.data)) })
	first, second := &lists[0], &postingList{at: -1}
	if len(lists) > 1 {
		second = &lists[1]
	}
	var out []int64
	for len(out) < limit && first.next() {
		if len(lists) > 1 && !second.seek(first.at) {
			continue
		}
		if allIn(s.key(first.at), words) {
			out = append(out, s.ids[first.at])
		}
	}
	return out
}

// scan checks every key, in name order.
func (s *snapshot) scan(words []string, limit int) []int64 {
	var out []int64
	for i := 0; i < len(s.ids) && len(out) < limit; i++ {
		if allIn(s.key(i), words) {
			out = append(out, s.ids[i])
		}
	}
	return out
}

// postingList reads one bucket's people in order; at is the current one.
type postingList struct {
	data []byte
	at   int
}

// next moves to the following person; false at the end.
func (p *postingList) next() bool {
	if len(p.data) == 0 {
		return false
	}
	d, n := binary.Uvarint(p.data)
	p.data, p.at = p.data[n:], p.at+int(d)
	return true
}

// seek moves to the first person at or after i and reports whether it is i.
func (p *postingList) seek(i int) bool {
	for p.at < i {
		if !p.next() {
			return false
		}
	}
	return p.at == i
}

func allIn(key string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(key, w) {
			return false
		}
	}
	return true
}
