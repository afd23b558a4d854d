package gqlhttp

import (
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

func TestEncodeResponseKeepsDataAsIsAndTheKeyOrder(t *testing.T) {
	tests := []struct {
		name string
		resp graphql.Response
		want string
	}{
		{"data only", graphql.Response{Data: json.RawMessage(`{"a":"<b>&"}`)}, `{"data":{"a":"<b>&"}}`},
		{"null data with an error", graphql.Response{Data: json.RawMessage(`null`), Errors: gqlerror.List{{Message: "boom"}}},
			`{"errors":[{"message":"boom"}],"data":null}`},
		{"extensions", graphql.Response{Data: json.RawMessage(`{}`), Extensions: map[string]any{"cost": 3}}, `{"data":{},"extensions":{"cost":3}}`},
		{"no data", graphql.Response{Errors: gqlerror.List{{Message: "bad"}}}, `{"errors":[{"message":"bad"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := encodeResponse(&tt.resp)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
			if !json.Valid(got) {
				t.Fatalf("invalid JSON: %s", got)
			}
		})
	}
}
