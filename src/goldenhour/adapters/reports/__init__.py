"""Rendering reports for print: Vega-Lite specs to SVG and PDF, tables to CSV."""
