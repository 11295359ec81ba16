package checkin

import "strings"

// Field is a piece of registrant data that an export column can hold.
// Columns mapped to no field are never stored.
type Field string

// The fields an export column can be mapped to, by header synonym or by
// import.columns in desk.yaml.
const (
	FieldFirstName    Field = "first_name"
	FieldLastName     Field = "last_name"
	FieldFullName     Field = "full_name" // one column "Prénom Nom", split at the first space
	FieldEmail        Field = "email"
	FieldOrganisation Field = "organisation"
	FieldCategory     Field = "category"
	FieldTicket       Field = "ticket"      // the ticket type, product or rate: it may say which days, and is the category when there is none
	FieldResponseID   Field = "response_id" // the form's own id for the row
	FieldStatus       Field = "status"      // order or attendee status: cancelled, refunded...
	FieldDays         Field = "days"        // one column listing the days chosen
	FieldSessions     Field = "sessions"    // the workshops or talks chosen, several in one cell
)

// Fields lists every field, in the order the import report shows them.
var Fields = []Field{FieldFirstName, FieldLastName, FieldFullName, FieldEmail,
	FieldOrganisation, FieldCategory, FieldTicket, FieldResponseID, FieldStatus, FieldDays, FieldSessions}

// Label is the field's name for people.
func (f Field) Label() string { return strings.ReplaceAll(string(f), "_", " ") }

// maxLength is the longest value each field may hold, in characters.
var maxLength = map[Field]int{
	FieldFirstName: 100, FieldLastName: 100, FieldFullName: 200, FieldEmail: 254,
	FieldOrganisation: 200, FieldCategory: 100, FieldTicket: 200, FieldResponseID: 100,
}

// MaxLength is the longest value a field may hold, in characters (0: no
// limit), the same at the import and at the desk.
func MaxLength(f Field) int { return maxLength[f] }
