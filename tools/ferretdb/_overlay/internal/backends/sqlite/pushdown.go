// Added to FerretDB's SQLite backend by tools/ferretdb's build (see patches.json).
// Directories starting with "_" are ignored by the go tool, so this file compiles only
// once copied into the vendored FerretDB.

package sqlite

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// plainField is a top-level field name that needs no quoting beyond %q.
var plainField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// pushdownWhere returns a WHERE clause selecting a superset of the documents that match
// filter, written so that SQLite answers it from the collection's indexes where there are
// any. Released FerretDB v1 pushes down only a filter that is {_id: value} alone, so any
// other filter (a user's sessions, the attempts of one key) read the whole table.
//
// FerretDB filters every returned document again, so the clause may leave documents in,
// never out: it narrows only by equalities (and $in) of strings or ObjectIds on top-level
// fields, which every match meets, and keeps documents where the field is an array (an
// array matches when one of its elements does).
func pushdownWhere(filter *types.Document) (string, []any) {
	condition, args := pushdownAnd(filter)
	if condition == "" {
		return "", nil
	}

	return " WHERE " + condition, args
}

// pushdownAnd is the conjunction of what can be pushed down from each key; keys that
// cannot are left to FerretDB's own filtering.
func pushdownAnd(filter *types.Document) (string, []any) {
	if filter == nil {
		return "", nil
	}

	var conditions []string
	var args []any

	for _, key := range filter.Keys() {
		value := must.NotFail(filter.Get(key))

		var condition string
		var more []any

		switch key {
		case "$and":
			condition, more = pushdownEach(value, " AND ", false)
		case "$or":
			condition, more = pushdownEach(value, " OR ", true)
		default:
			condition, more = pushdownEqual(key, value)
		}

		if condition != "" {
			conditions = append(conditions, condition)
			args = append(args, more...)
		}
	}

	if len(conditions) == 0 {
		return "", nil
	}

	return "(" + strings.Join(conditions, " AND ") + ")", args
}

// pushdownEach joins the conditions of the filters in an $and or $or array. For $or every
// branch must narrow, or the disjunction would drop the documents of the branch that
// could not be pushed down.
func pushdownEach(value any, join string, everyBranch bool) (string, []any) {
	branches, ok := value.(*types.Array)
	if !ok || branches.Len() == 0 {
		return "", nil
	}

	var conditions []string
	var args []any

	for i := 0; i < branches.Len(); i++ {
		branch, ok := must.NotFail(branches.Get(i)).(*types.Document)
		if !ok {
			return "", nil
		}

		condition, more := pushdownAnd(branch)
		if condition == "" {
			if everyBranch {
				return "", nil
			}

			continue
		}

		conditions = append(conditions, condition)
		args = append(args, more...)
	}

	if len(conditions) == 0 {
		return "", nil
	}

	return "(" + strings.Join(conditions, join) + ")", args
}

// maxInValues bounds the values of one $in that are pushed down, well below SQLite's limit
// of 32,766 variables in a statement.
const maxInValues = 1000

// pushdownEqual narrows by {key: value}, {key: {$eq: value}} or {key: {$in: [values]}} when
// every value is a string or an ObjectId. The column is written exactly as FerretDB writes
// index expressions, so SQLite matches the two.
func pushdownEqual(key string, value any) (string, []any) {
	if !plainField.MatchString(key) {
		return "", nil
	}

	values := []any{value}

	if operators, ok := value.(*types.Document); ok {
		if operators.Len() != 1 {
			return "", nil
		}

		switch operators.Keys()[0] {
		case "$eq":
			values = []any{must.NotFail(operators.Get("$eq"))}
		case "$in":
			in, ok := must.NotFail(operators.Get("$in")).(*types.Array)
			if !ok || in.Len() == 0 || in.Len() > maxInValues {
				return "", nil
			}

			values = make([]any, in.Len())
			for i := range values {
				values[i] = must.NotFail(in.Get(i))
			}
		default:
			return "", nil
		}
	}

	args := make([]any, len(values))

	for i, v := range values {
		switch v.(type) {
		case string, types.ObjectID:
		default:
			return "", nil
		}

		encoded := string(must.NotFail(sjson.MarshalSingleValue(v)))

		// SQLite may render escapes differently from Go's encoder; such values stay unpushed.
		if strings.ContainsRune(encoded, '\\') {
			return "", nil
		}

		args[i] = encoded
	}

	column := fmt.Sprintf("%s->%q", metadata.DefaultColumn, key)
	placeholders := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
	matches := fmt.Sprintf("%s IN (%s)", column, placeholders)

	if key == "_id" {
		// _id is never an array.
		return matches, args
	}

	// The JSON text of an array starts with '[' (and '\' is the next character).
	return fmt.Sprintf(`(%[1]s OR (%[2]s >= '[' AND %[2]s < '\'))`, matches, column), args
}
