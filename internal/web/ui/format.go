package ui

func idString(id int64) string { return ID(id) }
