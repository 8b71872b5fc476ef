// The gap monitor's charts (Apache ECharts). The page passes its figures in a json_script element
// (#gap-data); every chart repeats a table of the page, so without this script nothing is lost.
(function () {
  "use strict";
  const source = document.getElementById("gap-data");
  if (!source || !window.echarts) {
    return;
  }
  const data = JSON.parse(source.textContent);
  const zoneColours = { south: "#0d6efd", centre: "#198754", north: "#dc3545" };
  const zoneFills = { south: "#dbe8ff", centre: "#d7f0e1", north: "#f9dadd" };
  const charts = [];

  function make(id) {
    const element = document.getElementById(id);
    if (!element) {
      return null;
    }
    element.classList.add("is-drawn");
    const chart = window.echarts.init(element, null, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  function format(value) {
    if (value === null || value === undefined || Number.isNaN(value)) {
      return "–";
    }
    if (Number.isInteger(value)) {
      return String(value);
    }
    return Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(2);
  }

  function countyUrl(code) {
    return data.countyUrl.replace("000000", code);
  }

  function drawMap(geo) {
    const element = document.getElementById("gap-map");
    if (!element) {
      return;
    }
    window.echarts.registerMap("jiangsu", geo);
    const chart = make("gap-map");
    const byCode = {};
    data.counties.forEach((county) => {
      byCode[county.code] = county;
    });
    const names = {};
    const regions = [];
    const items = geo.features.map((feature) => {
      const code = feature.properties.name;
      const zone = feature.properties.zone;
      names[code] = feature.properties.name_zh;
      const county = byCode[code];
      if (data.highlight) {
        regions.push({
          name: code,
          itemStyle: { areaColor: code === data.highlight ? "#fd7e14" : zoneFills[zone] },
        });
      }
      return { name: code, value: county && county.value !== null ? county.value : NaN };
    });
    const values = items.map((item) => item.value).filter((value) => !Number.isNaN(value));
    // The zones' outlines (built with the boundaries, see scripts/build_county_map.py), drawn over the counties.
    const outlines = [];
    Object.entries(geo.zone_outlines || {}).forEach(([zone, lines]) => {
      lines.forEach((coords) => outlines.push({ coords: coords, lineStyle: { color: zoneColours[zone] } }));
    });
    const option = {
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: (params) =>
          data.highlight ? names[params.name] : names[params.name] + ": " + format(params.value) + " " + (data.unit || ""),
      },
      geo: {
        map: "jiangsu",
        roam: false,
        selectedMode: false,
        label: { show: false },
        itemStyle: { areaColor: "#f4f6f8", borderColor: "#8a94a6", borderWidth: 0.6 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#ffc107" } },
        regions: regions,
      },
      series: [
        { type: "map", geoIndex: 0, data: items },
        {
          type: "lines",
          coordinateSystem: "geo",
          polyline: true,
          silent: true,
          zlevel: 1,
          lineStyle: { width: 2.2, opacity: 0.9 },
          data: outlines,
        },
      ],
    };
    if (!data.highlight && values.length) {
      option.visualMap = {
        type: "continuous",
        seriesIndex: 0,
        min: Math.min(...values),
        max: Math.max(...values) || 1,
        left: "left",
        bottom: 10,
        calculable: true,
        formatter: format,
        inRange: { color: ["#eef4fb", "#2b6cb0", "#0b2f5b"] },
      };
    }
    chart.setOption(option);
    chart.on("click", (params) => {
      if (params.componentType === "series" && params.seriesType === "map" && params.name) {
        window.location.href = countyUrl(params.name);
      }
    });
    // setOption renders synchronously: the county shapes the map drew, for tests and assistive checks.
    const system = chart.getModel().getSeriesByIndex(0).coordinateSystem;
    element.dataset.renderedShapes = String(system && system.regions ? system.regions.length : 0);
  }

  function lineOption(months, series, yName) {
    return {
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 60, right: 30, top: 40, bottom: 40 },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value", name: yName || "" },
      series: series,
    };
  }

  function drawZones() {
    if (!data.trend || !document.getElementById("gap-zones")) {
      return;
    }
    const chart = make("gap-zones");
    const last = data.trend.months.length - 1;
    chart.setOption({
      tooltip: { trigger: "axis", renderMode: "richText" },
      grid: { left: 60, right: 20, top: 20, bottom: 40 },
      xAxis: { type: "category", data: data.zoneLabels },
      yAxis: { type: "value", name: data.unit },
      series: [
        {
          type: "bar",
          data: data.zones.map((zone, i) => ({
            value: last >= 0 ? data.trend.series[i][last] : null,
            itemStyle: { color: zoneColours[zone] },
          })),
        },
      ],
    });
  }

  function drawTrend() {
    if (!data.trend || !document.getElementById("gap-trend")) {
      return;
    }
    make("gap-trend").setOption(
      lineOption(
        data.trend.months,
        data.zones.map((zone, i) => ({
          name: data.zoneLabels[i],
          type: "line",
          data: data.trend.series[i],
          itemStyle: { color: zoneColours[zone] },
        })),
        data.unit
      )
    );
  }

  function drawGap() {
    if (!data.gaps || !data.gaps.months.length || !document.getElementById("gap-index")) {
      return;
    }
    const option = lineOption(data.gaps.months, [
      { name: data.labels.northSouth, type: "line", data: data.gaps.northSouth, itemStyle: { color: zoneColours.north } },
      { name: data.labels.centreSouth, type: "line", data: data.gaps.centreSouth, itemStyle: { color: zoneColours.centre } },
      { name: data.labels.theil, type: "line", yAxisIndex: 1, data: data.gaps.theil, lineStyle: { type: "dashed" } },
    ]);
    option.yAxis = [{ type: "value", min: 0 }, { type: "value", min: 0, name: "Theil" }];
    make("gap-index").setOption(option);
  }

  function drawFigures() {
    if (!data.figures || !document.getElementById("gap-figures")) {
      return;
    }
    const colours = ["#6c757d", "#fd7e14"];
    make("gap-figures").setOption({
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 200, right: 30, top: 40, bottom: 40 },
      xAxis: { type: "value", min: 0, max: 100, name: data.figures.axis, nameLocation: "middle", nameGap: 25 },
      yAxis: { type: "category", data: data.figures.labels, inverse: true },
      series: ["zone", "province"].map((key, i) => ({
        name: data.figures.names[i],
        type: "bar",
        data: data.figures[key],
        itemStyle: { color: colours[i] },
      })),
    });
  }

  fetch(data.mapUrl)
    .then((response) => response.json())
    .then(drawMap);
  drawZones();
  drawTrend();
  drawGap();
  drawFigures();
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
})();
