package admin_test

import "github.com/PuerkitoBio/goquery"

type goquerySel = goquery.Selection
