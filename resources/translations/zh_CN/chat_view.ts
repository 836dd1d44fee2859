<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BranchActions</name>
    <message>
        <source>Delete this answer and everything that follows it? The other versions stay. This cannot be undone.</source>
        <translation>删除这个回答及其后的所有内容？其他版本会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete this version of your message and everything that follows it? The other versions stay. This cannot be undone.</source>
        <translation>删除你这条消息的这个版本及其后的所有内容？其他版本会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete this version?</source>
        <translation>删除这个版本？</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Alternatives for this token</source>
        <translation>这个 token 的候选</translation>
    </message>
    <message>
        <source>What the model considered at this token, with its probability. Choosing one starts a new version of the answer from there.</source>
        <translation>模型在这个 token 处考虑过的候选及其概率。选择其中一个，就会从这里开始生成回答的新版本。</translation>
    </message>
    <message>
        <source>The model&apos;s choice: {token} ({percent}, #{rank}). Branch with another token:</source>
        <translation>模型的选择：{token}（{percent}，第 {rank} 位）。换一个 token 开始新分支：</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>The messages of this chat. Links under each message copy, edit, regenerate or continue it.</source>
        <translation>这个对话的全部消息。每条消息下方的链接可以复制、编辑、重新生成或继续生成它。</translation>
    </message>
    <message>
        <source>Copied code</source>
        <translation>已复制代码</translation>
    </message>
    <message>
        <source>Copied message</source>
        <translation>已复制消息</translation>
    </message>
    <message>
        <source>Copied thinking</source>
        <translation>已复制思考过程</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Ask anything…  (Enter to send, Shift+Enter for a new line)</source>
        <translation>想问什么都可以……（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Type your message here. Enter sends it, Shift+Enter starts a new line, Esc stops the answer.</source>
        <translation>在这里输入消息。按 Enter 发送，Shift+Enter 换行，Esc 停止回答。</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Sends the message to the model.</source>
        <translation>把消息发送给模型。</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stops the answer being written; what it wrote so far is kept.</source>
        <translation>停止正在生成的回答，已经写出的内容会保留。</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
</context>
<context>
    <name>PromptActions</name>
    <message>
        <source>Load a model to see the prompt it would receive.</source>
        <translation>加载模型后，即可查看它将收到的提示词。</translation>
    </message>
    <message>
        <source>This model now uses your chat template.</source>
        <translation>这个模型现在使用你的对话模板。</translation>
    </message>
</context>
<context>
    <name>markdown</name>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <source>[image: {alt}]</source>
        <translation>[图片：{alt}]</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[图片]</translation>
    </message>
</context>
<context>
    <name>message_html</name>
    <message>
        <source>1 token</source>
        <translation>1 个 token</translation>
    </message>
    <message>
        <source>{count} tokens</source>
        <translation>{count} 个 token</translation>
    </message>
    <message>
        <source>resumed instantly from saved memory (1 token not read again)</source>
        <translation>已从保存的缓存即时恢复（1 个 token 无需重新读取）</translation>
    </message>
    <message>
        <source>resumed instantly from saved memory ({count} tokens not read again)</source>
        <translation>已从保存的缓存即时恢复（{count} 个 token 无需重新读取）</translation>
    </message>
    <message>
        <source>the oldest message was outside the context</source>
        <translation>最早的 1 条消息超出了上下文</translation>
    </message>
    <message>
        <source>the oldest {count} messages were outside the context</source>
        <translation>最早的 {count} 条消息超出了上下文</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>the answer failed</source>
        <translation>回答失败</translation>
    </message>
    <message>
        <source>Error: {error}</source>
        <translation>错误：{error}</translation>
    </message>
    <message>
        <source>cut off at the token limit</source>
        <translation>因达到 token 上限而截断</translation>
    </message>
    <message>
        <source>cut off: the context is full</source>
        <translation>因上下文已满而截断</translation>
    </message>
    <message>
        <source>{rate} tok/s</source>
        <translation>{rate} token/秒</translation>
    </message>
    <message>
        <source>{ms} ms to first token</source>
        <translation>首个 token 用时 {ms} 毫秒</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <source>{index} / {count}</source>
        <translation>{index} / {count}</translation>
    </message>
    <message>
        <source>Delete this version</source>
        <translation>删除此版本</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续生成</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中……</translation>
    </message>
    <message>
        <source>Thought briefly</source>
        <translation>稍作思考</translation>
    </message>
    <message>
        <source>Thought for {seconds} s</source>
        <translation>思考了 {seconds} 秒</translation>
    </message>
    <message>
        <source>Thought for {minutes} min</source>
        <translation>思考了 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Copy thinking</source>
        <translation>复制思考过程</translation>
    </message>
    <message>
        <source>The model was still thinking when it stopped, so it gave no answer. Regenerate, raise Max tokens, or switch Thinking off.</source>
        <translation>模型停止时仍在思考，所以没有给出回答。可以重新生成、调高“最大 token 数”，或关闭思考。</translation>
    </message>
</context>
<context>
    <name>token_view</name>
    <message>
        <source>under 5 %</source>
        <translation>低于 5%</translation>
    </message>
    <message>
        <source>5–25 %</source>
        <translation>5%–25%</translation>
    </message>
    <message>
        <source>25–50 %</source>
        <translation>25%–50%</translation>
    </message>
    <message>
        <source>50–90 %</source>
        <translation>50%–90%</translation>
    </message>
    <message>
        <source>90 % or more</source>
        <translation>90% 及以上</translation>
    </message>
    <message>
        <source>The model&apos;s probability of each token: {steps}. Hover a token for the alternatives; click it to branch.</source>
        <translation>模型给每个 token 的概率：{steps}。把鼠标停在 token 上可查看候选，点击即可开始新分支。</translation>
    </message>
    <message>
        <source>&lt; {value} %</source>
        <translation>&lt; {value}%</translation>
    </message>
    <message>
        <source>{value} %</source>
        <translation>{value}%</translation>
    </message>
    <message>
        <source>{token}: {percent}, the model&apos;s choice #{rank}</source>
        <translation>{token}：{percent}，模型候选中的第 {rank} 位</translation>
    </message>
    <message>
        <source>Click to branch from here.</source>
        <translation>点击即可从这里开始新分支。</translation>
    </message>
    <message>
        <source>{alternative}   ✓ chosen</source>
        <translation>{alternative}   ✓ 已选</translation>
    </message>
</context>
</TS>
