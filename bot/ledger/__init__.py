"""Ledgers (台账): a spreadsheet of people in, each row's answer and the totals out.

``read`` turns a .csv or .xlsx into header + rows, ``columns`` recognises what each column
holds, ``rows`` turns one row into a Situation, ``compute`` answers every row, ``write``
puts the answers back beside the original columns. The file stays in memory throughout and
nothing here logs: a ledger holds names, ID and phone numbers.
"""
