package limits

import (
	"fmt"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
)

// Shape is what one pass of the lexer tells of a document, before any parse: it
// costs time linear in the text and no recursion, so a hostile document is refused
// before the parser (which recurses once per bracket) ever sees it.
type Shape struct {
	// Tokens counts the lexical tokens (comments excluded).
	Tokens int
	// Nesting is the deepest nesting of brackets: { }, ( ) and [ ] together.
	Nesting int
	// Aliases counts the aliased fields ("alias: field" outside arguments), each
	// fragment once.
	Aliases int
	// Operations lists the document's operations in order: their kind and name.
	Operations []OperationHead
}

// OperationHead is an operation of a document as the lexer sees it.
type OperationHead struct {
	// Kind is ast.Query, ast.Mutation or ast.Subscription.
	Kind ast.Operation
	// Name is the operation's name ("" when anonymous).
	Name string
}

// SelectsNonQuery reports whether the operation that operationName selects is a
// mutation or a subscription; without a name and with several operations, whether
// any of them is (no operation can be chosen then, and refusing is the safe answer).
func (s Shape) SelectsNonQuery(operationName string) bool {
	for _, op := range s.Operations {
		if operationName != "" && op.Name == operationName {
			return op.Kind != ast.Query
		}
		if operationName == "" && op.Kind != ast.Query {
			return true
		}
	}
	return false
}

// Scan reads the document once with the lexer and stops as soon as it is over
// maxTokens tokens or nests brackets deeper than maxNesting (0: no bound). It never
// fails on a lexical error: the shape up to the error is returned and the parser
// reports the error itself.
func Scan(query string, maxTokens, maxNesting int) Shape {
	var s Shape
	lex := lexer.New(&ast.Source{Input: query})
	var (
		depth       int
		parenDepth  int         // arguments, variable definitions and their values
		braceDepth  int         // selection sets and input objects outside arguments
		prev        lexer.Token // the previous significant token
		prevPrev    lexer.Token
		pendingHead bool // an operation keyword at the top level waits for its name
	)
	for {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return s
		}
		if tok.Kind == lexer.Comment {
			continue
		}
		s.Tokens++
		if maxTokens > 0 && s.Tokens > maxTokens {
			return s
		}
		if pendingHead {
			pendingHead = false
			if tok.Kind == lexer.Name {
				s.Operations[len(s.Operations)-1].Name = tok.Value
			}
		}
		switch tok.Kind {
		case lexer.BraceL, lexer.ParenL, lexer.BracketL:
			if tok.Kind == lexer.BraceL && braceDepth == 0 && parenDepth == 0 && !afterDefinitionHead(prev) {
				// A selection set at the top level with no keyword: an anonymous query.
				s.Operations = append(s.Operations, OperationHead{Kind: ast.Query})
			}
			depth++
			s.Nesting = max(s.Nesting, depth)
			if maxNesting > 0 && depth > maxNesting {
				return s
			}
			if tok.Kind == lexer.ParenL {
				parenDepth++
			} else if tok.Kind == lexer.BraceL && parenDepth == 0 {
				braceDepth++
			}
		case lexer.BraceR, lexer.ParenR, lexer.BracketR:
			depth = max(depth-1, 0)
			if tok.Kind == lexer.ParenR {
				parenDepth = max(parenDepth-1, 0)
			} else if tok.Kind == lexer.BraceR && parenDepth == 0 {
				braceDepth = max(braceDepth-1, 0)
			}
		case lexer.Name:
			if braceDepth == 0 && parenDepth == 0 && prev.Kind != lexer.Name {
				switch tok.Value {
				case "query", "mutation", "subscription":
					s.Operations = append(s.Operations, OperationHead{Kind: ast.Operation(tok.Value)})
					pendingHead = true
				}
			}
			// "alias: field" inside a selection set, outside any arguments.
			if braceDepth > 0 && parenDepth == 0 && prev.Kind == lexer.Colon && prevPrev.Kind == lexer.Name && prevPrev.Value != tok.Value {
				s.Aliases++
			}
		}
		prevPrev, prev = prev, tok
	}
}

// afterDefinitionHead reports whether a top-level "{" opens the selection set of a
// definition whose head was just read (query Name, fragment F on T, a directive...),
// rather than an anonymous query: every definition head ends with a name (keyword,
// operation or type name, directive) or a closing parenthesis (variables or directive
// arguments), while an anonymous query starts the document or follows a "}".
func afterDefinitionHead(prev lexer.Token) bool {
	return prev.Kind == lexer.Name || prev.Kind == lexer.ParenR
}

// CheckText applies the limits that need only the text of a document: its size, its
// tokens, the nesting of its brackets and its aliases. It runs before any parse, on
// every path (GET, POST, persisted queries), and returns the document's shape.
func (c Config) CheckText(query string) (Shape, *gqlerror.Error) {
	cfg := c.withDefaults()
	if len(query) > cfg.MaxQueryBytes {
		return Shape{}, limitError(CodeQueryTooLarge,
			fmt.Sprintf("the query is %d bytes long; the limit is %d: send a smaller document (fragments help), or split it", len(query), cfg.MaxQueryBytes),
			map[string]any{"size": len(query), "maxSize": cfg.MaxQueryBytes})
	}
	s := Scan(query, cfg.MaxTokens, cfg.MaxNesting)
	if s.Tokens > cfg.MaxTokens {
		return s, limitError(CodeQueryTooLarge,
			fmt.Sprintf("the query has more than %d tokens (names, punctuation, values): send a smaller document", cfg.MaxTokens),
			map[string]any{"maxTokens": cfg.MaxTokens})
	}
	if s.Nesting > cfg.MaxNesting {
		return s, limitError(CodeQueryTooDeep,
			fmt.Sprintf("the query nests brackets ({, ( and [) more than %d levels deep", cfg.MaxNesting),
			map[string]any{"maxNesting": cfg.MaxNesting})
	}
	if s.Aliases > cfg.MaxAliases {
		return s, limitError(CodeTooManyAliases,
			fmt.Sprintf("the query has %d aliased fields; the limit is %d", s.Aliases, cfg.MaxAliases),
			map[string]any{"aliases": s.Aliases, "maxAliases": cfg.MaxAliases})
	}
	return s, nil
}
