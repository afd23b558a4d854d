package gqlmodel

// Node is any entity with a global ID. The storage models are bound to the GraphQL
// object types directly, so the interface asks nothing of them; the executor switches
// on the concrete type.
type Node interface{}

// Subject is the thing an observation, event or relationship is about: a
// *model.Territory, *model.Site, *model.Company or *model.Programme.
type Subject interface{}
