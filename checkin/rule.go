package checkin

// Facts are what is known of an arrival when it is decided: the db
// gathers them inside the transaction that records the outcome, so that
// what was counted (who is in, how many) is what the decision rests on.
type Facts struct {
	Registrant Registrant
	Day        Day
	Session    *Session // nil: the entrance
	// Registered is for the day at the entrance, for the session at its door.
	Registered   bool
	InSession    bool // already present in that session
	Present      int  // people present in the session now
	EnteredToday bool // checked in at the entrance today
	Policy       HealthPassPolicy
	// HealthPassVerified: the desk ticked the box. Force: staff admit the
	// person anyway. Organiser: the organiser scans (only they may force
	// someone into a full session).
	HealthPassVerified, Force, Organiser bool
	// RequireEntrance: a session refuses whoever has not entered today.
	RequireEntrance bool
	Exit            bool // an exit scan at the session's door
}

// Decide is the one rule of arrival, at the entrance or at a session's
// door: it returns CheckedIn when the person may come in (and should be
// recorded), LeftSession for an exit scan, or why not.
func Decide(f Facts) Outcome {
	if f.Session == nil {
		return decideEntrance(f)
	}
	return decideSession(f)
}

// decideEntrance: cancelled; not registered for the day unless forced;
// the health pass when required; once a day.
func decideEntrance(f Facts) Outcome {
	switch {
	case f.Registrant.Cancelled:
		return Cancelled
	case !f.Registered && !f.Force:
		return NotRegisteredToday
	case f.Policy == HealthPassRequire && !f.HealthPassVerified:
		return HealthPassRequired
	case f.EnteredToday:
		return AlreadyCheckedIn
	}
	return CheckedIn
}

// decideSession: leaving is always allowed; then cancelled; already in;
// not in at the entrance when the event requires it (staff cannot force
// that: the entrance desk checks people in); the health pass when the
// scan records the day's arrival; not registered for the session unless
// forced; full unless the organiser forces it.
func decideSession(f Facts) Outcome {
	full := f.Session.Capacity > 0 && f.Present >= f.Session.Capacity
	switch {
	case f.Exit:
		return LeftSession
	case f.Registrant.Cancelled:
		return Cancelled
	case f.InSession:
		return AlreadyCheckedIn
	case !f.EnteredToday && f.RequireEntrance:
		return NotCheckedInToday
	case !f.EnteredToday && f.Policy == HealthPassRequire && !f.HealthPassVerified:
		return HealthPassRequired
	case !f.Registered && !f.Force:
		return NotRegisteredForSession
	case full && !(f.Force && f.Organiser):
		return SessionFull
	}
	return CheckedIn
}
