package partner

import (
	"strconv"

	"sapsportal/internal/store"
)

// moneyRow is one month's bars of the money chart.
type moneyRow struct {
	store.MonthMoney
	labelY, reqY, paidY string
	reqW, paidW         string
}

type moneyLayout struct {
	rows   []moneyRow
	height string
}

// moneyChart lays the months out a row each (label above two bars,
// requested and paid), scaled per currency so that amounts in different
// currencies are never compared.
func moneyChart(months []store.MonthMoney) moneyLayout {
	top := map[string]int64{}
	for _, m := range months {
		top[m.Currency] = max(top[m.Currency], m.Requested.Minor, m.Paid.Minor)
	}
	w := func(n int64, cur string) string {
		if top[cur] == 0 || n == 0 {
			return "0"
		}
		return strconv.FormatFloat(max(2, float64(n)/float64(top[cur])*340), 'f', 1, 64)
	}
	var l moneyLayout
	y := 24
	for _, m := range months {
		l.rows = append(l.rows, moneyRow{MonthMoney: m, labelY: strconv.Itoa(y + 12), reqY: strconv.Itoa(y + 18), paidY: strconv.Itoa(y + 30),
			reqW: w(m.Requested.Minor, m.Currency), paidW: w(m.Paid.Minor, m.Currency)})
		y += 48
	}
	l.height = strconv.Itoa(y)
	return l
}
