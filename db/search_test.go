package db

import (
	"context"
	"fmt"
	"testing"

	"github.com/desk-event/desk/checkin"
)

func TestRegistrantNames(t *testing.T) {
	d, people := event(t)
	var got []string
	err := d.RegistrantNames(context.Background(), func(id int64, first, last, org string) {
		got = append(got, fmt.Sprint(id, " ", first, " ", last, " ", org))
	})
	want := fmt.Sprint([]string{
		fmt.Sprint(people["Anne"].ID, " Anne Petit Parc"),
		fmt.Sprint(people["Bob"].ID, " Bob Roy Parc"),
		fmt.Sprint(people["Chloé"].ID, " Chloé Faure Parc"),
	})
	if err != nil || fmt.Sprint(got) != want {
		t.Fatalf("names: %v %v, want %v", got, err, want)
	}
}

func TestRegistrantsByID(t *testing.T) {
	d, people := event(t)
	anne, bob, chloe := people["Anne"], people["Bob"], people["Chloé"]
	tests := []struct {
		name string
		ids  []int64
		want []string
	}{
		{"in the order asked", []int64{chloe.ID, anne.ID}, []string{"Chloé", "Anne"}},
		{"an unknown id is left out", []int64{bob.ID, 9999}, []string{"Bob"}},
		{"none", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := d.RegistrantsByID(context.Background(), tt.ids)
			var names []string
			for _, r := range rs {
				names = append(names, r.FirstName)
			}
			if err != nil || fmt.Sprint(names) != fmt.Sprint(tt.want) {
				t.Fatalf("got %v %v, want %v", names, err, tt.want)
			}
		})
	}
	rs, _ := d.RegistrantsByID(context.Background(), []int64{chloe.ID, bob.ID})
	if !rs[0].Cancelled || rs[0].Code != chloe.Code || fmt.Sprint(rs[1].Days) != fmt.Sprint(days[1:]) {
		t.Fatalf("fields: %+v", rs)
	}
}

// TestLiveCheckIns: today's arrival of each person asked for, not an
// undone one, not another day's.
func TestLiveCheckIns(t *testing.T) {
	d, people := event(t)
	anne, bob := people["Anne"], people["Bob"]
	in := scan(t, d, checkin.ScanRequest{Input: string(anne.Code), Nonce: "a1", Desk: "Entrée A"})
	scan(t, d, checkin.ScanRequest{Input: string(bob.Code), Nonce: "b1", Day: days[1]})
	other := scan(t, d, checkin.ScanRequest{Input: string(anne.Code), Nonce: "a2", Day: days[1]})
	if err := d.Undo(context.Background(), checkin.Amendment{ID: other.CheckIn.ID, Desk: "admin", Any: true, At: nine}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		day  checkin.Day
		ids  []int64
		want string
	}{
		{days[0], []int64{anne.ID, bob.ID}, fmt.Sprintf("map[%d:%d Entrée A 2026-10-14T07:00:00Z]", anne.ID, in.CheckIn.ID)},
		{days[1], []int64{anne.ID, bob.ID}, fmt.Sprintf("map[%d:desk 1]", bob.ID)},
		{days[0], []int64{bob.ID}, "map[]"},
		{days[0], nil, "map[]"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.day, tt.ids), func(t *testing.T) {
			got, err := d.LiveCheckIns(context.Background(), tt.day, tt.ids)
			if err != nil {
				t.Fatal(err)
			}
			s := "map["
			for id, c := range got {
				if c.RegistrantID != id || c.Day != tt.day {
					t.Errorf("check-in %+v under %d", c, id)
				}
				if id == anne.ID {
					s += fmt.Sprintf("%d:%d %s %s", id, c.ID, c.Desk, c.At.Format("2006-01-02T15:04:05Z07:00"))
				} else {
					s += fmt.Sprintf("%d:%s", id, c.Desk)
				}
			}
			if s += "]"; s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}
}
