/* The course website's own script: draws the decision-flow diagrams with Mermaid and runs the
 * quizzes on the page. Each quiz reads its questions from the JSON that site/build.py wrote
 * from course_lib's question data; answers are judged as course_lib/quiz.py judges them in the
 * notebook (tests/site/ checks that both give the same feedback). Controls are native inputs
 * and buttons (keyboard operable); feedback is written in words, never colour alone.
 */
(function () {
  "use strict";

  function esc(text) {
    const span = document.createElement("span");
    span.textContent = String(text);
    return span.innerHTML;
  }

  // --- judging a response: a port of course_lib/quiz.py's check() ---------------------------

  function invalid(message) {
    return { valid: false, correct: false, score: 0, message: message, details: [] };
  }

  function judged(correct, score, message, details) {
    return { valid: true, correct: correct, score: score, message: message, details: details };
  }

  function checkChoice(q, chosen) {
    if (!chosen.length) return invalid("Choose an answer first.");
    const right = q.answers.filter((a) => a.correct).map((a) => a.index);
    const byIndex = new Map(q.answers.map((a) => [a.index, a]));
    const details = chosen.slice().sort((a, b) => a - b).map((i) => byIndex.get(i).feedback);
    const isRight = (i) => right.includes(i);
    if (chosen.length === right.length && chosen.every(isRight)) {
      return judged(true, 1, "Correct.", details);
    }
    const agree = q.answers.filter((a) => chosen.includes(a.index) === a.correct).length;
    const many = q.type === "many_choice";
    const missing = many && chosen.every(isRight) && chosen.length < right.length;
    return judged(false, many ? agree / q.answers.length : 0,
      missing ? "Not quite: some correct answers are still unselected." : "Not quite.", details);
  }

  // Python's "%g": six significant digits, no trailing zeros.
  function formatG(x) {
    const exponent = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
    if (exponent >= -4 && exponent < 6) return String(Number(x.toPrecision(6)));
    const [mantissa, power] = x.toExponential(5).split("e");
    const digits = power.replace(/^[+-]/, "").padStart(2, "0");
    return mantissa.replace(/\.?0+$/, "") + "e" + (power[0] === "-" ? "-" : "+") + digits;
  }

  function isClose(a, b) {
    return Math.abs(a - b) <= Math.max(1e-9 * Math.max(Math.abs(a), Math.abs(b)), 1e-9);
  }

  function matches(answer, value) {
    if (answer.type === "value") return isClose(value, answer.value);
    return answer.range[0] <= value && value <= answer.range[1];
  }

  function checkNumeric(q, text) {
    const s = String(text).trim().replace(/,/g, ".");
    if (/^[+-]?(inf|infinity|nan)$/i.test(s)) return invalid(`Enter a finite number (in ${q.unit}).`);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return invalid(`Enter a number (in ${q.unit}).`);
    const value = Number(s);
    if (!Number.isFinite(value)) return invalid(`Enter a finite number (in ${q.unit}).`);
    for (const a of q.answers) {
      if (matches(a, value)) {
        return judged(a.correct, a.correct ? 1 : 0, a.correct ? "Correct." : "Not quite.", [a.feedback]);
      }
    }
    const targets = q.answers.filter((a) => a.correct)
      .map((a) => (a.type === "value" ? a.value : (a.range[0] + a.range[1]) / 2));
    const nearest = targets.reduce((best, t) => (Math.abs(t - value) < Math.abs(best - value) ? t : best));
    const hint = value > nearest ? "too high" : "too low";
    return judged(false, 0, `Not quite: ${formatG(value)} ${q.unit} is ${hint}.`, []);
  }

  function checkMatching(q, response) {
    if (q.pairs.some((p) => !response[p.left])) return invalid("Make a choice for every item first.");
    let right = 0;
    const details = q.pairs.map((p) => {
      const chosen = response[p.left];
      if (chosen === p.right) {
        right += 1;
        return `✔ ${esc(p.left)} → ${esc(chosen)}: ${p.feedback}`;
      }
      return `✘ ${esc(p.left)} → ${esc(chosen)}: not this one.`;
    });
    const correct = right === q.pairs.length;
    return judged(correct, right / q.pairs.length,
      correct ? "Correct." : `Not quite: ${right} of ${q.pairs.length} matches are right.`, details);
  }

  function check(q, response) {
    if (q.type === "multiple_choice" || q.type === "many_choice") return checkChoice(q, response);
    if (q.type === "numeric") return checkNumeric(q, response);
    return checkMatching(q, response);
  }

  // --- one question on the page -------------------------------------------------------------

  const UNCHOSEN = "— choose —";

  function answerControls(q, name) {
    const box = document.createElement("div");
    box.className = "fbss-answers";
    if (q.type === "multiple_choice" || q.type === "many_choice") {
      const kind = q.type === "multiple_choice" ? "radio" : "checkbox";
      q.answers.forEach((a, k) => {
        const label = document.createElement("label");
        label.innerHTML = `<input type="${kind}" name="${name}" value="${a.index}" id="${name}-${k}"> <span>${a.answer}</span>`;
        box.append(label);
      });
      return [box, () => [...box.querySelectorAll("input:checked")].map((i) => Number(i.value))];
    }
    if (q.type === "numeric") {
      box.innerHTML = `<label for="${name}-value">Your answer, in ${esc(q.unit)}:</label> ` +
        `<input type="text" inputmode="decimal" autocomplete="off" id="${name}-value" size="12"> ${esc(q.unit)}`;
      return [box, () => box.querySelector("input").value];
    }
    // lettered choices, each item's select holding a letter, the chosen text written beside it
    const letters = q.choices.map((c, i) => String.fromCharCode(65 + i));
    const list = q.choices.map((c, i) => `<li><b>${letters[i]}.</b> ${esc(c)}</li>`).join("");
    box.innerHTML = `<p>Choices:</p><ul class="fbss-choices" style="list-style:none">${list}</ul>`;
    q.pairs.forEach((p, k) => {
      const row = document.createElement("div");
      row.className = "fbss-match";
      const options = [`<option value="">${UNCHOSEN}</option>`, ...q.choices.map(
        (c, i) => `<option value="${esc(c)}">${letters[i]}</option>`)].join("");
      row.innerHTML = `<label for="${name}-${k}">${esc(p.left)}</label> <select id="${name}-${k}" data-left="${esc(p.left)}">${options}</select> <span class="fbss-chosen"></span>`;
      const select = row.querySelector("select");
      select.addEventListener("change", () => {
        const i = q.choices.indexOf(select.value);
        row.querySelector(".fbss-chosen").textContent = i < 0 ? "" : `${letters[i]}: ${select.value}`;
      });
      box.append(row);
    });
    return [box, () => Object.fromEntries([...box.querySelectorAll("select")].map(
      (s) => [s.dataset.left, s.value || null]))];
  }

  function questionView(q, number, total, onChange) {
    const name = `fbss-${q.id}`;
    const section = document.createElement("fieldset");
    section.className = `fbss-question fbss-q-${q.id}`;
    section.dataset.type = q.type;
    const legend = document.createElement("legend");
    legend.innerHTML = `<b>Question ${number} of ${total}.</b> ${q.question}`;
    const [controls, readResponse] = answerControls(q, name);
    const buttons = document.createElement("div");
    buttons.className = "fbss-buttons";
    buttons.innerHTML = '<button type="button" class="fbss-button fbss-primary fbss-submit">Submit</button> ' +
      '<button type="button" class="fbss-button fbss-show">Show answer</button>';
    const feedback = document.createElement("div");
    feedback.className = "fbss-feedback";
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
    if (q.image) {  // a drawn image to read: the question's text follows it
      legend.innerHTML = `<b>Question ${number} of ${total}.</b>`;
      const shown = document.createElement("div");
      shown.innerHTML = `${q.image}<p>${q.question}</p>`;
      section.append(legend, shown, controls, buttons, feedback);
    } else section.append(legend, controls, buttons, feedback);

    const attempt = { tries: 0, solved: false, revealed: false };
    attempt.finished = () => attempt.solved || attempt.revealed;

    function render(fb) {
      const parts = [];
      if (fb) {
        const mark = fb.correct ? "✔" : fb.valid ? "✘" : "ℹ";
        parts.push(`<p><b>${mark} ${esc(fb.message)}</b></p>`);
        fb.details.forEach((d) => parts.push(`<p>${d}</p>`));
        if (fb.valid && !attempt.finished()) {
          const left = q.max_tries - attempt.tries;
          parts.push(`<p>Try again: ${left} ${left === 1 ? "try" : "tries"} left before the answer is shown.</p>`);
        }
      }
      if (attempt.solved) parts.push(`<p>${q.explanation}</p>`);
      else if (attempt.revealed) {
        parts.push(`<p><b>Answer:</b> ${esc(q.answer_text)}.</p><p>${q.explanation}</p>`);
      }
      feedback.innerHTML = parts.join("");
      if (attempt.finished()) {
        section.querySelectorAll("input, select, button").forEach((c) => { c.disabled = true; });
      }
      onChange();
    }

    function submit() {
      if (attempt.finished()) return;
      const fb = check(q, readResponse());
      if (fb.valid) {
        attempt.tries += 1;
        attempt.solved = fb.correct;
        if (!attempt.solved && attempt.tries >= q.max_tries) attempt.revealed = true;
      }
      render(fb);
    }

    buttons.querySelector(".fbss-submit").addEventListener("click", submit);
    buttons.querySelector(".fbss-show").addEventListener("click", () => {
      attempt.revealed = attempt.revealed || !attempt.solved;
      render(null);
    });
    controls.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && e.target.matches("input[type=text]")) submit();
    });
    return [section, attempt];
  }

  function startQuiz(holder) {
    const questions = JSON.parse(holder.querySelector('script[type="application/json"]').textContent);
    const score = document.createElement("p");
    score.className = "fbss-score";
    const progress = document.createElement("p");
    progress.className = "fbss-progress";
    const attempts = [];
    const update = () => {
      const solved = attempts.filter((a) => a.solved).length;
      const done = attempts.filter((a) => a.finished()).length;
      progress.innerHTML = `<b>Progress:</b> ${done} of ${attempts.length} questions finished, ` +
        `${solved} answered correctly.`;
      score.innerHTML = `<b>Score:</b> ${solved} of ${attempts.length} answered correctly; ` +
        `${done} of ${attempts.length} finished.`;
    };
    const quiz = document.createElement("div");
    quiz.className = "fbss-quiz";
    quiz.append(progress);
    questions.forEach((q, i) => {
      const [view, attempt] = questionView(q, i + 1, questions.length, update);
      attempts.push(attempt);
      quiz.append(view);
    });
    quiz.append(score);
    update();
    holder.append(quiz);
    holder.dataset.ready = "true";
  }

  // Diagrams in the page, and those that appear later inside a stored widget view.
  function drawDiagrams() {
    const waiting = [...document.querySelectorAll("pre.mermaid:not([data-processed])")];
    if (window.mermaid && waiting.length) window.mermaid.run({ nodes: waiting });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".fbss-page-quiz").forEach(startQuiz);
    if (window.mermaid) {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
      drawDiagrams();
      new MutationObserver(drawDiagrams).observe(document.body, { childList: true, subtree: true });
    }
  });
})();
