"""Statistical process control: XmR readings of a KPI's series and the icons that show them."""
