// The book's own host for its anywidgets in static pages: no kernel, no widget
// manager, no require.js. The build (coproduction/book/widgethost.py) replaces each
// saved widget view with <div class="cpw" data-cpw-model="ID"> and writes, in a
// <script type="application/vnd.coproduction.widgets+json">, each model's small
// state, the book file that holds its front-end module and, for explorers, the file
// of its states, fetched when the widget first comes into view. This script gives
// the module the model interface anywidget's front ends use (get, set, on, off,
// save_changes, send) and renders it. Every file is loaded with a classic <script>
// tag, so the book also works opened from disk (file://). Live kernels keep using
// anywidget's own path: the same module serves both.
(function () {
  "use strict";
  var waiting = {}; // name -> callbacks waiting for cpwHost.deliver(name, data)
  var delivered = {};
  var loads = {};
  var modules = {};

  window.cpwHost = {
    deliver: function (name, data) {
      delivered[name] = data;
      (waiting[name] || []).forEach(function (cb) {
        cb(data);
      });
      delete waiting[name];
    },
  };

  // Loads a book file that calls cpwHost.deliver(name, ...); resolves with its data.
  function load(src, name) {
    if (!loads[name]) {
      loads[name] = new Promise(function (resolve, reject) {
        if (name in delivered) return resolve(delivered[name]);
        (waiting[name] = waiting[name] || []).push(resolve);
        var s = document.createElement("script");
        s.src = src;
        s.async = true;
        s.onerror = function () {
          reject(new Error("widget host: could not load " + src));
        };
        document.head.appendChild(s);
      });
    }
    return loads[name];
  }

  function nameOf(src) {
    return src.substring(src.lastIndexOf("/") + 1).replace(/\.js$/, "");
  }

  function moduleFor(src) {
    if (!modules[src]) {
      modules[src] = load(src, nameOf(src)).then(function (m) {
        if (m.css) {
          var style = document.createElement("style");
          style.dataset.cpw = nameOf(src);
          style.textContent = m.css;
          document.head.appendChild(style);
        }
        var url = URL.createObjectURL(new Blob([m.esm], { type: "text/javascript" }));
        return import(url).then(function (mod) {
          var d = mod.default;
          if (typeof d === "function") d = d();
          return Promise.resolve(d).then(function (w) {
            w = w || {};
            return { render: w.render || mod.render, initialize: w.initialize || mod.initialize };
          });
        });
      });
    }
    return modules[src];
  }

  // Lazily loaded traits: {traits: {...}, parts: [...], joined: [names]}; a joined
  // trait is a list of strings, each stored as the indices of its shared parts.
  function unpack(payload) {
    // A copy: two explorers with the same states share one delivered payload.
    var traits = Object.assign({}, payload.traits);
    (payload.joined || []).forEach(function (name) {
      traits[name] = traits[name].map(function (ids) {
        return ids
          .map(function (i) {
            return payload.parts[i];
          })
          .join("");
      });
    });
    return traits;
  }

  function gunzip(b64) {
    var bytes = Uint8Array.from(atob(b64), function (c) {
      return c.charCodeAt(0);
    });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  function statesFor(spec) {
    // A compressed copy where the browser can inflate it, else the plain one.
    if (spec.lazy_gz && typeof DecompressionStream === "function") {
      return load(spec.lazy_gz, nameOf(spec.lazy_gz)).then(gunzip);
    }
    return load(spec.lazy, nameOf(spec.lazy));
  }

  function makeModel(id, spec) {
    var state = Object.assign({}, spec.state);
    var listeners = {};
    function fire(names) {
      names.forEach(function (k) {
        (listeners["change:" + k] || []).slice().forEach(function (cb) {
          cb({ name: k, new: state[k] });
        });
      });
      if (names.length) {
        (listeners.change || []).slice().forEach(function (cb) {
          cb();
        });
      }
    }
    var model = {
      id: id,
      get: function (k) {
        return state[k];
      },
      set: function (k, v) {
        if (state[k] === v) return;
        state[k] = v;
        fire([k]);
      },
      on: function (event, cb) {
        event.split(/\s+/).forEach(function (e) {
          (listeners[e] = listeners[e] || []).push(cb);
        });
      },
      off: function (event, cb) {
        Object.keys(listeners).forEach(function (e) {
          if (event && e !== event) return;
          listeners[e] = cb ? listeners[e].filter((f) => f !== cb) : [];
        });
      },
      save_changes: function () {}, // nothing to save to: no kernel
      send: function () {},
      widget_manager: {
        get_model: function (mid) {
          return Promise.resolve(models[mid]);
        },
      },
      // Several traits at once, each listener called once they are all in place.
      _update: function (traits) {
        var names = Object.keys(traits);
        names.forEach(function (k) {
          state[k] = traits[k];
        });
        fire(names);
      },
    };
    return model;
  }

  var specs = {};
  var models = {};
  var initialized = {};

  function modelFor(id) {
    if (!models[id]) models[id] = makeModel(id, specs[id]);
    return models[id];
  }

  function whenVisible(el, cb) {
    if (typeof IntersectionObserver !== "function") return cb();
    var io = new IntersectionObserver(
      function (entries) {
        if (
          entries.some(function (e) {
            return e.isIntersecting;
          })
        ) {
          io.disconnect();
          cb();
        }
      },
      { rootMargin: "300px 0px" },
    );
    io.observe(el);
  }

  function fail(el, err) {
    el.dataset.cpwError = String(err && err.message ? err.message : err);
    var p = document.createElement("p");
    p.className = "cpw-error";
    p.setAttribute("role", "alert");
    p.textContent = "This interactive part could not start: " + el.dataset.cpwError;
    el.appendChild(p);
    console.error(err);
  }

  function show(el, id) {
    var spec = specs[id];
    if (!spec) return fail(el, new Error("no saved state for widget " + id));
    el.dataset.cpwModel = id;
    if (spec.kind === "box") {
      el.classList.add("cpw-box", "cpw-" + spec.direction);
      return Promise.all(
        spec.children.map(function (child) {
          var c = document.createElement("div");
          c.className = "cpw";
          el.appendChild(c);
          return show(c, child);
        }),
      ).then(function () {
        el.dataset.cpwReady = "true";
      });
    }
    var model = modelFor(id);
    if (spec.lazy && !spec.lazyStarted) {
      spec.lazyStarted = true;
      whenVisible(el, function () {
        el.dataset.cpwStates = "loading";
        statesFor(spec).then(
          function (payload) {
            model._update(unpack(payload));
            document.querySelectorAll('[data-cpw-model="' + id + '"]').forEach(function (v) {
              v.dataset.cpwStates = "loaded";
            });
          },
          function (err) {
            fail(el, err);
          },
        );
      });
    }
    return moduleFor(spec.esm)
      .then(function (w) {
        if (w.initialize && !initialized[id]) {
          initialized[id] = true;
          return Promise.resolve(w.initialize({ model: model })).then(function () {
            return w;
          });
        }
        return w;
      })
      .then(function (w) {
        return w.render({ model: model, el: el });
      })
      .then(
        function () {
          el.dataset.cpwReady = "true";
        },
        function (err) {
          fail(el, err);
        },
      );
  }

  function start() {
    document
      .querySelectorAll('script[type="application/vnd.coproduction.widgets+json"]')
      .forEach(function (s) {
        Object.assign(specs, JSON.parse(s.textContent).models);
      });
    document.querySelectorAll("div.cpw[data-cpw-view]").forEach(function (el) {
      show(el, el.dataset.cpwView);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
